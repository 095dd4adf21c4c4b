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
        // Readers for public benchmark files (OR-Library), shared by tests and benchmarks.
        .target(name: "ORLibrary", dependencies: ["Modeling", "CareModel"]),
        .executableTarget(
            name: "careplan",
            dependencies: [
                "Modeling", "GLPK", "CareModel", "Planning", "Scenarios", "History",
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
        .testTarget(name: "CareplanCLITests", dependencies: ["careplan", "History", "Scenarios", .product(name: "Yams", package: "Yams"),
                                                       .product(name: "GRDB", package: "GRDB.swift")]),
        // Seeded mutation fuzzing of every reader (tables, scenarios, model files); corpus in Tests/FuzzCorpus.
        .testTarget(name: "FuzzTests", dependencies: ["CareModel", "Planning", "Scenarios", "GLPK", "Modeling"]),
    ],
    swiftLanguageModes: [.v6]
)
