// docs/report.schema.json, generated from the layouts and the registry of codes: the JSON Schema of `check --json`.

/// The JSON Schema (draft 2020-12) of one entry of `nianbao check --json` (a report, an unreadable input or a
/// skipped one) and, under `$defs/rollup`, of `rollup --json` (`rollup --each-folder --json`: an array of those, a
/// county not written being `$defs/rollup_failed`). Keys and codes come from the layouts and the registry.
public enum ReportSchema {
    public static let path = "docs/report.schema.json"

    public static func text(layouts: [Layout] = Layout.all) -> String { schema(layouts: layouts).render() + "\n" }

    public static func schema(layouts: [Layout] = Layout.all) -> JSONValue {
        .object([
            ("$schema", .string("https://json-schema.org/draft/2020-12/schema")),
            ("title", .string("nianbao report")),
            ("description", .string("One entry of `nianbao check --json` (which prints an array of them; `convert --to json` prints one report). "
                + "Generated from the layouts and Sources/Disclosure/Model/FindingCode.swift by `swift run nianbao docs`.")),
            ("oneOf", .array(["report", "unreadable", "skipped"].map(ref))),
            ("$defs", .object([
                ("report", .object([("$ref", .string("#/$defs/report_fields")), ("unevaluatedProperties", .bool(false))])),
                ("report_fields", reportFields(layouts)),
                ("unreadable", object(required: ["source", "status", "error_code", "error"], properties: [
                    ("source", type("string")), ("status", .object([("const", .string("unreadable"))])),
                    ("error_code", .object([("description", .string("Why, for machines (docs/finding-codes.md, stage read).")),
                                            ("enum", strings(FindingCode.allCases.filter { $0.entry.stage == .read }.map(\.rawValue)))])),
                    ("error", .object([("type", .string("string")), ("description", .string("Why, in one Chinese sentence (the path is in source)."))])),
                ], more: [("description", .string("An input that could not be read."))])),
                ("skipped", object(required: ["source", "status", "skipped"], properties: [
                    ("source", type("string")), ("status", .object([("const", .string("skipped"))])), ("skipped", type("string")),
                ], more: [("description", .string("A file found among the inputs but not read (an unsupported format), and why."))])),
                ("rollup", rollup()),
                ("rollup_failed", object(required: ["agency", "folder", "output", "error"], properties: [
                    ("agency", type("string")), ("folder", type("string")), ("output", type("null")),
                    ("error", .object([("type", .string("string")), ("description", .string("Why nothing was written, in one Chinese sentence."))])),
                ], more: [("description", .string("One county of `rollup --each-folder --json` whose rollup was not written (no readable member, "
                    + "an unwritable output, a folder name met twice)."))])),
            ] + layouts.map { ("values_\($0.id)", values($0)) } + [
                ("finding", finding()),
                ("cell", cell()),
                ("code", .object([("description", .string("docs/finding-codes.md")),
                                  ("enum", .array(FindingCode.allCases.map { .string($0.rawValue) }))])),
                ("key", .object([("anyOf", .array([ref("value_key"), ref("row_key")]))])),
                ("value_key", .object([("description", .string("A value's canonical key (docs/keys.md).")),
                                       ("enum", strings(unique(layouts.flatMap(\.valueKeys))))])),
                ("row_key", .object([("description", .string("A row's key, for findings about a whole row (layout.label_variant, layout.s3_single_other_row).")),
                                     ("enum", strings(unique(layouts.flatMap { $0.tables.flatMap(\.rows).map(\.key) })))])),
            ])),
        ])
    }

    static func ref(_ name: String) -> JSONValue { .object([("$ref", .string("#/$defs/\(name)"))]) }

    static func type(_ names: String...) -> JSONValue {
        names.count == 1 ? .object([("type", .string(names[0]))]) : .object([("type", .array(names.map { .string($0) }))])
    }

    static func strings(_ items: [String]) -> JSONValue { .array(items.map { .string($0) }) }

    static func object(required: [String], properties: [(String, JSONValue)], closed: Bool = true, more: [(String, JSONValue)] = []) -> JSONValue {
        .object([("type", .string("object")), ("required", strings(required)), ("properties", .object(properties))]
            + (closed ? [("additionalProperties", .bool(false))] : []) + more)
    }

    static func array(of items: JSONValue) -> JSONValue { .object([("type", .string("array")), ("items", items)]) }

    static func reportFields(_ layouts: [Layout]) -> JSONValue {
        let byLayout = layouts.map { layout in
            JSONValue.object([
                ("if", .object([("properties", .object([("layout", .object([("const", .string(layout.id))]))]))])),
                ("then", .object([("properties", .object([("values", ref("values_\(layout.id)"))]))])),
            ])
        }
        let count = JSONValue.object([("type", .string("integer")), ("minimum", .number(0))])
        return object(required: ["source", "layout", "agency", "year", "status", "errors", "warnings", "values", "findings"], properties: [
            ("source", type("string")),
            ("layout", .object([("enum", strings(layouts.map(\.id)))])),
            ("agency", type("string", "null")),
            ("year", type("integer", "null")),
            ("status", .object([("enum", strings(["ok", "warnings", "errors"])),
                                ("description", .string("The worst severity among the findings (ok: no error or warning)."))])),
            ("errors", count),
            ("warnings", count),
            ("values", .object([("type", .string("object")), ("description", .string("Every canonical key of the layout, null where blank."))])),
            ("findings", array(of: ref("finding"))),
        ], closed: false, more: [("allOf", .array(byLayout))])
    }

    /// Exactly the layout's keys, each a number or null.
    static func values(_ layout: Layout) -> JSONValue {
        object(required: layout.valueKeys, properties: layout.valueKeys.map { ($0, type("number", "null")) })
    }

    static func finding() -> JSONValue {
        // Each code's severities as the registry states them, one clause per distinct set.
        var groups: [(severities: [Severity], codes: [String])] = []
        for code in FindingCode.allCases {
            let severities = code.entry.severity.all
            if let index = groups.firstIndex(where: { $0.severities == severities }) {
                groups[index].codes.append(code.rawValue)
            } else {
                groups.append((severities, [code.rawValue]))
            }
        }
        let clauses = groups.map { group in
            JSONValue.object([
                ("if", .object([("properties", .object([("code", .object([("enum", strings(group.codes))]))]))])),
                ("then", .object([("properties", .object([("severity", .object([("enum", strings(group.severities.map(\.rawValue)))]))]))])),
            ])
        }
        return object(required: ["code", "severity", "message", "cells", "keys", "expected", "actual"], properties: [
            ("code", ref("code")),
            ("severity", .object([("enum", strings(Severity.allCases.map(\.rawValue)))])),
            ("message", type("string")),
            ("cells", .object([("type", .string("array")), ("description", .string("Parallel to keys (null where a key has no cell); for findings without keys, the cells themselves.")),
                               ("items", .object([("anyOf", .array([type("null"), ref("cell")]))]))])),
            ("keys", array(of: ref("key"))),
            ("expected", type("number", "null")),
            ("actual", type("number", "null")),
            ("delta", .object([("type", .string("number")), ("description", .string("actual − expected, present when both are."))])),
            ("likely_cell", .object([("$ref", .string("#/$defs/cell")), ("description", .string("The one cell that alone explains this and another failure."))])),
        ], more: [("allOf", .array(clauses))])
    }

    static func cell() -> JSONValue {
        let counted = { (description: String) in JSONValue.object([("type", .string("integer")), ("minimum", .number(1)), ("description", .string(description))]) }
        return object(required: ["file", "cell"], properties: [
            ("file", type("string")),
            ("sheet", type("string")),
            ("cell", .object([("type", .string("string")), ("description", .string("As a clerk finds it: `J46`, `第52行第4列`, `表2 第11行第4列`, `第2页「（一）予以公开」第1个数`."))])),
            ("line", counted("Report texts: the line.")),
            ("column", counted("Report texts and documents: the column.")),
            ("table", counted("Documents: the table.")),
            ("row", counted("Documents: the row of the table.")),
            ("page", counted("PDFs: the page.")),
            ("row_label", type("string")),
            ("number_in_row", counted("PDFs: which number of the row.")),
        ], more: [("dependentRequired", .object([
            ("line", strings(["column"])), ("table", strings(["row", "column"])), ("row", strings(["table"])),
            ("row_label", strings(["page"])), ("number_in_row", strings(["page"])),
        ]))])
    }

    static func rollup() -> JSONValue {
        let entry = { (field: String) in
            array(of: object(required: ["file", field], properties: [("file", type("string")), (field, type("string"))]))
        }
        return .object([
            ("description", .string("`nianbao rollup --json`: the county's aggregate report plus its members and the files not summed.")),
            ("$ref", .string("#/$defs/report_fields")),
            ("required", strings(["members", "not_summed", "unreadable", "skipped", "balanced", "unbalanced_members"])),
            ("properties", .object([
                ("members", array(of: ref("report"))),
                ("not_summed", entry("reason")),
                ("unreadable", entry("error")),
                ("skipped", entry("reason")),
                ("balanced", .object([("type", .string("boolean")),
                                      ("description", .string("The county form satisfies every identity of its layout."))])),
                ("unbalanced_members", .object([("type", .string("array")), ("items", type("string")),
                                                ("description", .string("The members whose own rows carry the county form's imbalance."))])),
                ("folder", .object([("type", .string("string")),
                                    ("description", .string("`rollup --each-folder --json` only: the county's folder (its name is the agency)."))])),
                ("output", .object([("type", .string("string")),
                                    ("description", .string("`rollup --each-folder --json` only: the file the county's rollup was written to."))])),
            ])),
            ("unevaluatedProperties", .bool(false)),
        ])
    }

    /// Each key once, in form order (the newest layout first).
    static func unique(_ keys: [String]) -> [String] {
        var seen = Set<String>()
        return keys.filter { seen.insert($0).inserted }
    }
}
