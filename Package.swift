// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "nianbao",
    platforms: [.macOS(.v15)],  // Synchronization.Mutex (PDFReader) needs macOS 15
    products: [
        .executable(name: "nianbao", targets: ["nianbao"]),
        .library(name: "Disclosure", targets: ["Disclosure"]),
        .library(name: "Archive", targets: ["Archive"]),
        .library(name: "Spreadsheet", targets: ["Spreadsheet"]),
        .library(name: "Documents", targets: ["Documents"]),
        .library(name: "Readers", targets: ["Readers"]),
        .library(name: "ZipArchive", targets: ["ZipArchive"]),
        .library(name: "CompoundFile", targets: ["CompoundFile"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        .package(url: "https://github.com/vapor/multipart-kit", from: "4.7.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.0.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.0.0"),
        // The county archive's SQLite, on the system library (libsqlite3-dev).
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CPoppler", pkgConfig: "poppler-glib", providers: [.apt(["libpoppler-glib-dev", "libcairo2-dev"])]),
        // poppler's core (C++, private API headers) for a page's vector paint: CPopplerPaths wraps it in C.
        .systemLibrary(name: "CPopplerCore", pkgConfig: "poppler", providers: [.apt(["libpoppler-private-dev"])]),
        .target(name: "CPopplerPaths", dependencies: ["CPopplerCore"]),
        // CRC-32 by carry-less multiplication (PCLMULQDQ), zlib's table for what it leaves.
        .target(name: "CFoldCRC"),
        .target(name: "ZipArchive", dependencies: ["CZlib", "CFoldCRC"]),
        .target(name: "CompoundFile"),
        .target(name: "CQuietXML", dependencies: ["CLibXML2"]),
        .target(name: "Spreadsheet", dependencies: ["ZipArchive", "CompoundFile", "CLibXML2", "CQuietXML"]),
        .target(name: "Documents", dependencies: ["Spreadsheet", "ZipArchive", "CompoundFile", "CLibXML2", "CQuietXML"]),
        .target(name: "Readers", dependencies: ["Spreadsheet", "Documents", "ZipArchive"]),
        .target(name: "Disclosure", dependencies: ["Spreadsheet", "Readers"]),
        .target(name: "Archive", dependencies: ["Disclosure", "Spreadsheet", "Readers", .product(name: "GRDB", package: "GRDB.swift"),
                                                .product(name: "GRDBSQLite", package: "GRDB.swift")]),
        .target(name: "PopplerText", dependencies: ["CPoppler", "CPopplerPaths", "Spreadsheet", "Documents"]),
        .target(name: "NianbaoServer", dependencies: [
            "Disclosure", "Archive", "Spreadsheet", "Readers", "ZipArchive",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "MultipartKit", package: "multipart-kit"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ]),
        .executableTarget(name: "nianbao", dependencies: [
            "Disclosure", "Archive", "Spreadsheet", "Readers", "Documents", "PopplerText", "NianbaoServer",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "nianbao-bench", dependencies: ["Spreadsheet", "Readers", "Documents", "ZipArchive", "Disclosure", "PopplerText"]),
        .target(name: "TestSupport", dependencies: ["ZipArchive"], path: "Tests/TestSupport"),
        .testTarget(name: "ZipArchiveTests", dependencies: ["ZipArchive", "CFoldCRC", "TestSupport"]),
        .testTarget(name: "SpreadsheetTests", dependencies: ["Spreadsheet", "Documents", "Readers", "ZipArchive", "TestSupport"]),
        .testTarget(name: "DocumentsTests", dependencies: ["Documents", "Spreadsheet", "Readers", "ZipArchive", "CompoundFile", "TestSupport"]),
        .testTarget(name: "ServerTests", dependencies: ["NianbaoServer", "Disclosure", "Archive", "Readers", "TestSupport",
                                                       .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "ArchiveTests", dependencies: ["Archive", "Disclosure", "Readers", "TestSupport", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "DisclosureTests", dependencies: ["Disclosure", "Spreadsheet", "Documents", "Readers", "PopplerText", "TestSupport"]),
    ],
    cxxLanguageStandard: .cxx17  // poppler's headers
)
