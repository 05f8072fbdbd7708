// Errors a request can end in, each with its HTTP status and a Chinese message for the page.
import HTTPTypes

/// Why a request was refused or failed; the page shows `message`.
enum ServerError: Error, Equatable {
    case tooLarge(limit: Int)
    case busy
    case badRequest(String)
    /// The client sent too slowly (below the minimum upload rate).
    case requestTimeout(String)
    case forbidden(String)
    case unauthorized
    case internalFailure(String)

    var status: HTTPResponse.Status {
        switch self {
        case .tooLarge: return .contentTooLarge
        case .busy: return .serviceUnavailable
        case .badRequest: return .badRequest
        case .requestTimeout: return .requestTimeout
        case .forbidden: return .forbidden
        case .unauthorized: return .unauthorized
        case .internalFailure: return .internalServerError
        }
    }

    var message: String {
        switch self {
        case .tooLarge(let limit): return "上传的文件太大：一次最多 \(limit / 1_000_000) MB，请分批上传"
        case .busy: return "服务器正忙，请稍后再试"
        case .badRequest(let text), .requestTimeout(let text), .forbidden(let text), .internalFailure(let text): return text
        case .unauthorized: return "需要访问口令：请使用服务器给出的完整地址（含 ?token=）打开本页"
        }
    }
}
