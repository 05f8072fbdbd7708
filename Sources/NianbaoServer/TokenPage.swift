// The page that asks for the access token on a LAN server: a plain form posted to /login (no script, no token in a URL).
import Foundation
import Hummingbird

enum TokenPage {
    static func html(failed: Bool) -> String {
        """
        <!doctype html>
        <html lang="zh-CN">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>年报核对 · 请输入访问口令</title><link rel="stylesheet" href="/app.css"></head>
        <body>
        <header class="top"><h1>政府信息公开工作年度报告 · 核对与汇总</h1></header>
        <main>
        <form class="group login" method="post" action="/login">
        <h2>请输入访问口令</h2>
        <p class="hint">口令由管理本服务器的同事提供（启动服务时的 --token）。</p>
        \(failed ? "<p class=\"status failed\">口令不正确，请重新输入。</p>" : "")
        <p><label>访问口令 <input id="token" name="token" type="password" autocomplete="current-password" required autofocus></label>
        <button class="button primary" type="submit">进入</button></p>
        </form>
        </main>
        </body>
        </html>
        """
    }

    static func response(failed: Bool) -> Response {
        ServerResponses.bytes(Array(html(failed: failed).utf8), type: "text/html; charset=utf-8", status: .unauthorized).withPagePolicy()
    }

    /// The `token` field of an `application/x-www-form-urlencoded` body.
    static func token(fromForm body: String) -> String? {
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, parts[0] == "token" else { continue }
            return String(parts[1]).replacingOccurrences(of: "+", with: " ").removingPercentEncoding
        }
        return nil
    }
}
