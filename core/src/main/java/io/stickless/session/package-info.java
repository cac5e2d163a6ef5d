/**
 * The session store: {@link io.stickless.session.SessionStore}, what the servlet filter talks to,
 * built by {@link io.stickless.session.SessionStoreBuilder} on a DynamoDB table for production or
 * in memory for tests and single-node development; {@link io.stickless.session.StoredSession}, one
 * request's view of a session; {@link io.stickless.session.SessionIds}; and {@link
 * io.stickless.session.AttributeCodec}, how attribute values become bytes.
 *
 * <pre>{@code
 * SessionStore store = SessionStore.builder(dynamoDb, TableSpec.of("app-sessions"))
 *     .allowedClasses("com.example.cart.**")
 *     .build();
 * StoredSession session = store.createSession();
 * session.setAttribute("cart", new Cart());
 * store.save(session);                                  // one PutItem
 * StoredSession again = store.findById(session.getId()); // one strongly consistent GetItem
 * }</pre>
 */
@NullMarked
package io.stickless.session;

import org.jspecify.annotations.NullMarked;
