package io.stickless.servlet;

import io.stickless.session.SessionStore;
import jakarta.servlet.ServletContext;

/**
 * The working parts of an initialised {@link SessionFilter}, fixed by {@link FilterStartup} and
 * shared by every request the filter handles.
 */
record FilterParts(
    SessionStore store,
    SessionIdResolver resolver,
    SessionListeners listeners,
    ServletContext servletContext,
    BackendHealth health) {}
