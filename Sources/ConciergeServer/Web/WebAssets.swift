import Foundation

/// The files the bridge serves besides the API: the demo shop's page and the widget. They are
/// compiled into the binary (`Assets/`, embedded by the package manifest), so the server needs
/// no folder beside it.
enum WebAssets {
    /// A file and how to send it.
    struct Asset {
        var contentType: String
        var bytes: [UInt8]
    }

    /// What the demo page may load: its own scripts, styles and images, and requests to its own
    /// origin; nothing inline, nothing from elsewhere, no framing.
    static let contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

    static let files: [String: Asset] = [
        "/": Asset(contentType: "text/html; charset=utf-8", bytes: PackageResources.index_html),
        "/demo.css": Asset(contentType: "text/css; charset=utf-8", bytes: PackageResources.demo_css),
        "/lantern.svg": Asset(contentType: "image/svg+xml", bytes: PackageResources.lantern_svg),
        "/widget.js": Asset(contentType: "text/javascript; charset=utf-8", bytes: PackageResources.widget_js),
        "/widget.css": Asset(contentType: "text/css; charset=utf-8", bytes: PackageResources.widget_css),
    ]

    /// The agents' inbox (see `HTTPBridge+Agent.swift`), under the policy it names.
    static let agentFiles: [String: Asset] = [
        "/agent": Asset(contentType: "text/html; charset=utf-8", bytes: PackageResources.agent_html),
        "/agent/": Asset(contentType: "text/html; charset=utf-8", bytes: PackageResources.agent_html),
        "/agent/agent.js": Asset(contentType: "text/javascript; charset=utf-8", bytes: PackageResources.agent_js),
        "/agent/agent.css": Asset(contentType: "text/css; charset=utf-8", bytes: PackageResources.agent_css),
    ]

    /// The manager's sign-in page (see `HTTPBridge+Manager.swift`); the dashboard itself is made per request.
    static let managerFiles: [String: Asset] = [
        "/manager": Asset(contentType: "text/html; charset=utf-8", bytes: PackageResources.manager_html),
        "/manager/": Asset(contentType: "text/html; charset=utf-8", bytes: PackageResources.manager_html),
        "/manager/manager.js": Asset(contentType: "text/javascript; charset=utf-8", bytes: PackageResources.manager_js),
    ]

    /// The response for a GET or HEAD of a static file of `files`, its pages under `policy`.
    /// - Throws: ``HTTPError/notFound(_:)`` for other paths, ``HTTPError/methodNotAllowed(allowed:)`` for other methods.
    static func response(to request: HTTPRequest, from files: [String: Asset] = files,
                         policy: String = contentSecurityPolicy) throws(HTTPError) -> HTTPResponse {
        let path = request.path == "/index.html" ? "/" : request.path
        guard let asset = files[path] else { throw .notFound(request.path) }
        guard request.method == "GET" || request.method == "HEAD" else { throw .methodNotAllowed(allowed: ["GET", "HEAD"]) }
        var headers: [(name: String, value: String)] = [
            ("Content-Type", asset.contentType),
            ("Cache-Control", "no-cache"),
        ]
        if asset.contentType.hasPrefix("text/html") || asset.contentType.hasPrefix("image/svg") {
            headers.append(("Content-Security-Policy", policy))
            headers.append(("X-Frame-Options", "DENY"))
        }
        return HTTPResponse(status: 200, headers: headers, body: asset.bytes)
    }
}
