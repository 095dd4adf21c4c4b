// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "careplan",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "careplan", targets: ["careplan"]),
        .library(name: "Modeling", targets: ["Modeling"]),
        .library(name: "GLPK", targets: ["GLPK"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        // SHA-256 of a run's inputs (summary.json), so `explain` can tell when they changed.
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        // The run history: an SQLite file, with migrations and safe concurrent writers.
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        // `careplan serve`: the local web page and its JSON API.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.20.0"),
        // Tables uploaded as one .zip, and a run's folder downloaded as one.
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        // The server's tests hand requests to its router through NIO's test channel (Hummingbird's
        // own testing module would build an HTTP client and a second TLS stack for that).
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.81.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.6.0"),
        // Hummingbird's own service runner: `careplan serve` stops its runs before the server drains.
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.6.0"),
    ],
    targets: [
        // The C library, as Debian ships it (no pkg-config file).
        .systemLibrary(
            name: "CGLPK",
            providers: [.apt(["libglpk-dev"])]
        ),
        // The net under every GLPK call: one guarded C entry point per whole job.
        .target(
            name: "CGLPKGuard",
            dependencies: ["CGLPK"],
            linkerSettings: [.linkedLibrary("glpk"), .linkedLibrary("m")]
        ),
        // Pure Swift modelling API; knows nothing of GLPK.
        .target(name: "Modeling"),
        // The only Swift code that talks to the C library.
        .target(name: "GLPK", dependencies: ["Modeling", "CGLPKGuard"]),
        // Domain entities and their tables, with line-precise errors.
        .target(name: "CareModel"),
        // The plans: validated problem, formulation (one function per rule), plan.
        .target(name: "Planning", dependencies: ["Modeling", "CareModel"]),
        // Scenario files, the district generator, runs and their output folders.
        .target(
            name: "Scenarios",
            dependencies: ["CareModel", "Planning", "Modeling", .product(name: "Yams", package: "Yams"),
                           .product(name: "Crypto", package: "swift-crypto")]
        ),
        // The run history (`careplan.sqlite`): every run's outcome and figures, ids and counts only.
        .target(name: "History", dependencies: ["Scenarios", "Planning", "CareModel", .product(name: "GRDB", package: "GRDB.swift")]),
        // `careplan report`: runs' output folders as one self-contained HTML page with inline SVG charts.
        .target(name: "Report", dependencies: ["Scenarios", "CareModel"]),
        // `careplan serve`: a workspace of scenarios, runs queued as child processes, the page and its API.
        .target(
            name: "Server",
            dependencies: ["Scenarios", "Report", "History", "CareModel", "Planning",
                           .product(name: "Hummingbird", package: "hummingbird"),
                           .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                           .product(name: "Logging", package: "swift-log"),
                           .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            resources: [.embedInCode("Page/index.html"), .embedInCode("Page/app.js"), .embedInCode("openapi.yaml")]
        ),
        // Readers for public benchmark files (OR-Library), shared by tests and benchmarks.
        .target(name: "ORLibrary", dependencies: ["Modeling", "CareModel"]),
        .executableTarget(
            name: "careplan",
            dependencies: [
                "Modeling", "GLPK", "CareModel", "Planning", "Scenarios", "History", "Report", "Server",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "careplan-bench",
            dependencies: ["Modeling", "GLPK", "ORLibrary", "CareModel", "Planning", "Scenarios"],
            path: "benchmarks/Runner"
        ),
        .testTarget(name: "ModelingTests", dependencies: ["Modeling"]),
        .testTarget(name: "CareModelTests", dependencies: ["CareModel"]),
        .testTarget(name: "ScenariosTests", dependencies: ["Scenarios", "CareModel", "Planning", "GLPK"]),
        .testTarget(
            name: "PlanningTests",
            dependencies: ["Planning", "CareModel", "Modeling", "GLPK", "ORLibrary"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(name: "GLPKTests", dependencies: ["GLPK", "Modeling", "CGLPKGuard"]),
        .testTarget(
            name: "ORLibraryTests",
            dependencies: ["ORLibrary", "GLPK", "Modeling", "CareModel"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(name: "ReportTests", dependencies: ["Report", "Scenarios", "GLPK"]),
        .testTarget(name: "ServerTests", dependencies: ["Server", "Scenarios", "Report", .product(name: "Hummingbird", package: "hummingbird"),
                                                   .product(name: "NIOCore", package: "swift-nio"),
                                                   .product(name: "NIOEmbedded", package: "swift-nio"),
                                                   .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                                                   .product(name: "Logging", package: "swift-log"),
                                                   .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        .testTarget(name: "CareplanCLITests", dependencies: ["careplan", "History", "Scenarios", .product(name: "Yams", package: "Yams"),
                                                       .product(name: "GRDB", package: "GRDB.swift")]),
        // Seeded mutation fuzzing of every reader (tables, scenarios, model files); corpus in Tests/FuzzCorpus.
        .testTarget(name: "FuzzTests", dependencies: ["CareModel", "Planning", "Scenarios", "GLPK", "Modeling"]),
    ],
    swiftLanguageModes: [.v6]
)
