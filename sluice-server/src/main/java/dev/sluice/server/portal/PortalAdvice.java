package dev.sluice.server.portal;

import dev.sluice.server.common.ApiException;
import jakarta.servlet.http.HttpServletResponse;
import java.security.Principal;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * What every portal page shares: the signed-in principal for the header, and errors shown as a page
 * instead of the API's JSON (this advice runs before the API's, for portal controllers only).
 */
@ControllerAdvice(basePackageClasses = PortalAdvice.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class PortalAdvice {

    static final String ANONYMOUS = "anonymous";

    private static final Logger LOG = LoggerFactory.getLogger(PortalAdvice.class);

    /** Who asks: the signed-in principal, recorded with every action the portal runs. */
    static String name(Principal principal) {
        return principal == null ? ANONYMOUS : principal.getName();
    }

    @ModelAttribute("principalName")
    String principalName(Principal principal) {
        return name(principal);
    }

    @ModelAttribute("signedIn")
    boolean signedIn(Principal principal) {
        return principal != null;
    }

    @ExceptionHandler(ApiException.class)
    String refused(ApiException e, Model model, HttpServletResponse response) {
        response.setStatus(e.status());
        model.addAttribute("status", e.status());
        model.addAttribute("code", e.code());
        model.addAttribute("message", e.getMessage());
        return "portal/error";
    }

    /** Tomcat refuses a query string or form that is not %-encoded UTF-8 when it reads it. */
    @ExceptionHandler(InvalidParameterException.class)
    String undecodable(InvalidParameterException e, Model model, HttpServletResponse response) {
        response.setStatus(400);
        model.addAttribute("status", 400);
        model.addAttribute("code", "InvalidParameter");
        model.addAttribute("message", "The request's parameters are not %-encoded UTF-8 text");
        return "portal/error";
    }

    @ExceptionHandler(Exception.class)
    String unexpected(Exception e, Model model, HttpServletResponse response) {
        LOG.error("Unexpected error in the portal", e);
        response.setStatus(500);
        model.addAttribute("status", 500);
        model.addAttribute("code", "InternalServerError");
        model.addAttribute("message", "Unexpected server error; see the server log");
        return "portal/error";
    }
}
