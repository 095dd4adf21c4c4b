import Foundation
import Hummingbird
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOEmbedded

/// Requests straight to the router, no socket: what HummingbirdTesting's `.router` mode does,
/// in forty lines, so the tests do not build its HTTP client and TLS stack (minutes of CI).
struct RouterApp {
    enum Mode { case router }
    let router: Router<BasicRequestContext>

    func test<Value>(_ mode: Mode, _ body: (RouterClient) async throws -> Value) async throws -> Value {
        try await body(RouterClient(responder: router.buildResponder()))
    }
}

struct TestResponse: Sendable {
    let status: HTTPResponse.Status
    let headers: HTTPFields
    let body: ByteBuffer
}

struct RouterClient: Sendable {
    let responder: RouterResponder<BasicRequestContext>

    @discardableResult
    func execute<Value>(uri: String, method: HTTPRequest.Method, headers: HTTPFields = [:], body: ByteBuffer? = nil,
                        _ check: (TestResponse) async throws -> Value) async throws -> Value {
        try await check(execute(uri: uri, method: method, headers: headers, body: body))
    }

    func execute(uri: String, method: HTTPRequest.Method, headers: HTTPFields = [:], body: ByteBuffer? = nil) async throws -> TestResponse {
        var headers = headers
        if let body { headers[.contentLength] = String(body.readableBytes) }
        let request = Request(head: .init(method: method, scheme: "http", authority: "localhost", path: uri, headerFields: headers),
                              body: RequestBody(buffer: body ?? ByteBuffer()))
        let context = BasicRequestContext(source: .init(channel: NIOAsyncTestingChannel(), logger: Logger(label: "careplan-test")))
        let response: Response
        do { response = try await responder.respond(to: request, context: context) } catch { response = Response(status: .internalServerError) }
        let collected = Collector()
        try await response.body.write(collected)
        return TestResponse(status: response.status, headers: response.headers, body: collected.buffer.withLockedValue { $0 })
    }
}

/// A response body, gathered.
struct Collector: ResponseBodyWriter {
    let buffer = NIOLockedValueBox(ByteBuffer())
    func write(_ part: ByteBuffer) async throws { buffer.withLockedValue { $0.writeImmutableBuffer(part) } }
    func finish(_ trailers: HTTPFields?) async throws {}
}
