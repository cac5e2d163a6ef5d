/**
 * A Jakarta Servlet 6 {@link jakarta.servlet.Filter} that replaces the container's {@code
 * HttpSession} with one kept in DynamoDB, so any node of an application can serve any request.
 *
 * <p>Public API: {@link io.stickless.servlet.SessionFilter} (the filter and its builder), {@link
 * io.stickless.servlet.SessionIdResolver} (how the session id travels) with {@link
 * io.stickless.servlet.CookieSessionIdResolver} and {@link
 * io.stickless.servlet.HeaderSessionIdResolver}, {@link io.stickless.servlet.SessionCookie} (cookie
 * options) and {@link io.stickless.servlet.SticklessServletContainerInitializer} (zero-code
 * registration). Everything else in this package is an implementation detail.
 */
@NullMarked
package io.stickless.servlet;

import org.jspecify.annotations.NullMarked;
