package dev.sluice.server.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.MediaType;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.util.HtmlUtils;

/**
 * The portal's session login page: the client id and secret of a principal, posted with the form's
 * CSRF token. Plain server-rendered HTML, so it works before any portal asset loads.
 */
@Controller
class LoginPage {

    @GetMapping(value = "/login", produces = MediaType.TEXT_HTML_VALUE)
    @ResponseBody
    String login(HttpServletRequest request) {
        String notice = "";
        if (request.getParameter("error") != null) {
            notice = "<p class=\"error\">Unknown client id or wrong secret.</p>";
        } else if (request.getParameter("logout") != null) {
            notice = "<p>You are signed out.</p>";
        }
        return page(
                "Sign in",
                "<h1>Sign in to Sluice</h1>"
                        + notice
                        + "<form method=\"post\" action=\"/login\">"
                        + "<p><label>Client id<br><input name=\"client_id\" autocomplete=\"username\""
                        + " required autofocus></label></p>"
                        + "<p><label>Client secret<br><input name=\"client_secret\" type=\"password\""
                        + " autocomplete=\"current-password\" required></label></p>"
                        + csrf(request)
                        + "<p><button type=\"submit\">Sign in</button></p></form>");
    }

    private static String csrf(HttpServletRequest request) {
        if (!(request.getAttribute(CsrfToken.class.getName()) instanceof CsrfToken token)) {
            return "";
        }
        return "<input type=\"hidden\" name=\""
                + HtmlUtils.htmlEscape(token.getParameterName())
                + "\" value=\""
                + HtmlUtils.htmlEscape(token.getToken())
                + "\">";
    }

    private static String page(String title, String body) {
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>"
                + title
                + "</title></head><body>"
                + body
                + "</body></html>";
    }
}
