// Trimming a set of characters from a string's ends, without Foundation.

extension String {
    /// Trims any of the given characters from both ends.
    package func trimmingCharacters(in set: String) -> String {
        var scalars = Substring(self)
        while let first = scalars.first, set.contains(first) { scalars.removeFirst() }
        while let last = scalars.last, set.contains(last) { scalars.removeLast() }
        return String(scalars)
    }
}
