// The operating system's error numbers as Chinese sentences: the one place every file, folder and port error is worded.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What an `errno` means to a clerk, in one Chinese sentence without the path (the caller puts the path first).
public enum SystemError {
    public static func sentence(_ code: Int32) -> String {
        switch code {
        case ENOENT: return "文件或文件夹不存在，请检查路径和文件名"
        case EACCES, EPERM: return "没有访问权限，请检查文件或文件夹的权限"
        case EISDIR: return "这是一个文件夹，不是文件"
        case ENOTDIR: return "路径中的某一级不是文件夹"
        case ENOSPC: return "磁盘已满，请腾出空间后重试"
        case EDQUOT: return "超出了磁盘配额，请腾出空间后重试"
        case EROFS: return "所在的磁盘是只读的，无法写入"
        case EEXIST: return "已有同名的文件或文件夹"
        case ENAMETOOLONG: return "文件名或路径过长"
        case ELOOP: return "符号链接层层相指，无法打开"
        case EMFILE, ENFILE: return "同时打开的文件过多，请减少 --jobs 后重试"
        case ENOMEM: return "内存不足"
        case EIO: return "磁盘读写出错，文件所在的磁盘或 U 盘可能有故障"
        case EBUSY, ETXTBSY: return "文件正被其他程序占用"
        case EXDEV: return "不能跨磁盘移动文件"
        case EFBIG: return "文件过大"
        case EADDRINUSE: return "端口已被占用，请用 --port 换一个端口（--port 0 自动选择）"
        case EADDRNOTAVAIL: return "这台电脑没有这个地址，请检查 --host"
        case ECONNREFUSED: return "连接被拒绝"
        case EINVAL: return "参数无效"
        case EAGAIN: return "资源暂时不可用，请稍后重试"
        default: return "系统错误（错误码 \(code)）"
        }
    }
}
