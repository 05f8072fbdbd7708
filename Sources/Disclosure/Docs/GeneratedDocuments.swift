// The documents under docs/ that code generates: the list the `docs` command writes and a test compares.

/// Documents generated from the registry of codes and the layouts, so that they cannot drift from the code.
public enum GeneratedDocuments {
    /// Each document's path in the repository and its text.
    public static func all() -> [(path: String, text: String)] {
        [
            (FindingCodesDocument.path, FindingCodesDocument.markdown()),
            (KeysDocument.path, KeysDocument.markdown()),
            (ReportSchema.path, ReportSchema.text()),
        ]
    }

    /// The line at the top of a generated Markdown document: where it comes from and how to regenerate it.
    static func notice(source: String) -> String {
        "Generated from `\(source)` by `swift run nianbao docs` — do not edit by hand; `swift test` fails when it differs."
    }
}
