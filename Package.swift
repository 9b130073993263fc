// swift-tools-version:6.0
import PackageDescription

/// Concierge: a support chatbot for online shops. Foundation only, no package dependencies.
let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "Concierge",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "ConciergeKit", targets: ["ConciergeKit"]),
        .library(name: "ConciergeServer", targets: ["ConciergeServer"]),
        .executable(name: "concierge", targets: ["concierge"]),
        .executable(name: "concierge-bench", targets: ["concierge-bench"]),
    ],
    targets: [
        .target(name: "ConciergeKit", swiftSettings: strict),
        // Linux's epoll, eventfd and timerfd headers, for the server's event loops and the load
        // generator's pacing (the Glibc module lacks them).
        .systemLibrary(name: "CEpoll", path: "Sources/CEpoll"),
        // Sessions, the session journal, the line server and the web side: the engine served.
        .target(
            name: "ConciergeServer",
            dependencies: ["ConciergeKit", "CEpoll"],
            // The web widget and the demo page, compiled into the library (see Web/WebAssets.swift).
            resources: ["index.html", "demo.css", "lantern.svg", "widget.js", "widget.css"].map { .embedInCode("Web/Assets/\($0)") }
                // The agents' inbox at /agent.
                + ["agent.html", "agent.js", "agent.css", "manager.html", "manager.js"].map { .embedInCode("Web/Assets/\($0)") },
            swiftSettings: strict
        ),
        .executableTarget(name: "concierge", dependencies: ["ConciergeKit", "ConciergeServer"], swiftSettings: strict),
        .executableTarget(name: "concierge-bench", dependencies: ["ConciergeKit", "ConciergeTestSupport", "CEpoll"], swiftSettings: strict),
        // What the test targets and the benchmark share: scratch folders, the seeded generator,
        // the fixtures' paths, a manual clock, `concierge serve` as a child process.
        .target(name: "ConciergeTestSupport", dependencies: ["ConciergeKit"], swiftSettings: strict),
        .testTarget(
            name: "ConciergeKitTests",
            dependencies: ["ConciergeKit", "ConciergeTestSupport"],
            exclude: ["Fixtures", "Conversations"],
            swiftSettings: strict
        ),
        .testTarget(name: "ConciergeServerTests", dependencies: ["ConciergeServer", "ConciergeKit", "ConciergeTestSupport"], swiftSettings: strict),
        .testTarget(name: "ConciergeTests", dependencies: ["concierge", "ConciergeKit", "ConciergeTestSupport"], swiftSettings: strict),
    ]
)
