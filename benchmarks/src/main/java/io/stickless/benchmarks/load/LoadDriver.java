package io.stickless.benchmarks.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Virtual users against the benchmark app: each has its own cookie jar and never more than one
 * request in flight; each session's requests arrive in <em>simulated</em> time at a configured rate
 * (exponential gaps, default 2 per minute), sent to the app in {@link SimulatedClock#HEADER}, so
 * the store touches sessions as it would in production while the run takes seconds. Workers always
 * serve the user whose next request is due first in simulated time.
 *
 * <p>Every run is bounded in requests and in wall time. The driver checks each answer: a 404 for a
 * user who has a session is a lost session, a read that does not show the user's own last write is
 * a stale read, anything else unexpected is an error. Not thread-safe: one {@link #run} at a time;
 * users (and their sessions) carry over from one run to the next, so a warm-up run leaves a steady
 * state behind.
 */
final class LoadDriver {

  /**
   * What the users do.
   *
   * @param newPercent a new visitor (the old session is abandoned) and {@code GET /new}
   * @param writePercent {@code POST /write} of one attribute
   * @param logoutPercent {@code GET /logout} (the user's next request is {@code /new})
   */
  record Mix(double newPercent, double writePercent, double logoutPercent) {
    /** The reference workload: 90% read-only, 9% one-attribute update, 1% new session. */
    static final Mix REFERENCE = new Mix(1, 9, 0);

    /** Read-only requests only (a user without a session still starts with {@code /new}). */
    static final Mix READ_ONLY = new Mix(0, 0, 0);
  }

  /**
   * The driver's settings.
   *
   * @param target the app's base URI
   * @param users virtual users
   * @param concurrency requests in flight at once (worker threads)
   * @param mix the request mix
   * @param perUserPerMinute the rate of each user's requests, in simulated time
   * @param seed for the mix and the gaps
   */
  record Settings(
      URI target, int users, int concurrency, Mix mix, double perUserPerMinute, long seed) {}

  private static final class User {
    final Map<String, String> cookies = new HashMap<>();
    final Map<String, String> tags = new HashMap<>();
    final Random random;
    boolean hasSession;
    long nextMillis;

    User(Random random, long nextMillis) {
      this.random = random;
      this.nextMillis = nextMillis;
    }
  }

  private final Settings settings;
  private final HttpClient http;
  private final PriorityQueue<User> due =
      new PriorityQueue<>((a, b) -> Long.compare(a.nextMillis, b.nextMillis));
  private final double meanGapMillis;

  LoadDriver(Settings settings) {
    this.settings = settings;
    this.meanGapMillis = 60_000.0 / settings.perUserPerMinute();
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    Random seeds = new Random(settings.seed());
    long start = Instant.now().toEpochMilli();
    for (int i = 0; i < settings.users(); i++) {
      Random random = new Random(seeds.nextLong());
      due.add(new User(random, start + (long) (random.nextDouble() * meanGapMillis)));
    }
  }

  /** Sends up to {@code requests} requests, stopping early when {@code maxTime} has passed. */
  LoadResult run(long requests, Duration maxTime) throws InterruptedException {
    LoadResult.Recorder recorder = new LoadResult.Recorder();
    AtomicLong issued = new AtomicLong();
    long deadline = System.nanoTime() + maxTime.toNanos();
    ExecutorService workers = Executors.newFixedThreadPool(settings.concurrency());
    long started = System.nanoTime();
    long simulatedFrom;
    synchronized (due) {
      simulatedFrom = due.peek().nextMillis;
    }
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < settings.concurrency(); w++) {
        done.add(
            workers.submit(
                () -> {
                  while (issued.incrementAndGet() <= requests && System.nanoTime() < deadline) {
                    User user = take();
                    try {
                      step(user, recorder);
                    } finally {
                      user.nextMillis += gap(user.random);
                      giveBack(user);
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        try {
          f.get(maxTime.toMillis() + 60_000, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
          throw new IllegalStateException("a load worker failed", e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
          throw new IllegalStateException("a load worker did not finish in time", e);
        }
      }
    } finally {
      workers.shutdownNow();
      workers.awaitTermination(10, TimeUnit.SECONDS);
    }
    long simulatedTo;
    synchronized (due) {
      simulatedTo = due.peek().nextMillis;
    }
    return recorder.result(
        Duration.ofNanos(System.nanoTime() - started),
        Duration.ofMillis(Math.max(0, simulatedTo - simulatedFrom)));
  }

  private User take() {
    synchronized (due) {
      // concurrency <= users (checked by the caller), so a user is always waiting here
      return due.remove();
    }
  }

  private void giveBack(User user) {
    synchronized (due) {
      due.add(user);
    }
  }

  private long gap(Random random) {
    return Math.max(1, (long) (-Math.log(1 - random.nextDouble()) * meanGapMillis));
  }

  private void step(User user, LoadResult.Recorder recorder) {
    RequestType type = next(user);
    if (type == RequestType.NEW) {
      user.cookies.clear(); // a new visitor: the old session is abandoned, as most are
    }
    String write = type == RequestType.WRITE ? SessionServlet.KEYS.get(user.random.nextInt(3)) : "";
    HttpRequest.Builder request =
        HttpRequest.newBuilder(
                settings.target().resolve(type.path() + (write.isEmpty() ? "" : "?k=" + write)))
            .timeout(Duration.ofSeconds(30))
            .header(SimulatedClock.HEADER, Long.toString(user.nextMillis));
    if (!user.cookies.isEmpty()) {
      request.header("Cookie", cookieHeader(user.cookies));
    }
    request.method(
        type == RequestType.WRITE ? "POST" : "GET",
        type == RequestType.WRITE
            ? HttpRequest.BodyPublishers.ofString("")
            : HttpRequest.BodyPublishers.noBody());
    long start = System.nanoTime();
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      recorder.error(type, e.toString());
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    recorder.latency(type, System.nanoTime() - start);
    storeCookies(user, response.headers().allValues("Set-Cookie"));
    check(user, type, write, response, recorder);
  }

  private RequestType next(User user) {
    if (!user.hasSession) {
      return RequestType.NEW;
    }
    Mix mix = settings.mix();
    double r = user.random.nextDouble() * 100;
    if (r < mix.newPercent()) {
      return RequestType.NEW;
    }
    if (r < mix.newPercent() + mix.logoutPercent()) {
      return RequestType.LOGOUT;
    }
    if (r < mix.newPercent() + mix.logoutPercent() + mix.writePercent()) {
      return RequestType.WRITE;
    }
    return RequestType.READ;
  }

  private static void check(
      User user,
      RequestType type,
      String written,
      HttpResponse<String> response,
      LoadResult.Recorder recorder) {
    int status = response.statusCode();
    if (status == 404 && (type == RequestType.READ || type == RequestType.WRITE)) {
      recorder.lost(type);
      user.hasSession = false;
      return;
    }
    if (status != 200) {
      recorder.error(type, "HTTP " + status);
      return;
    }
    Map<String, String> tags = parseTags(response.body());
    switch (type) {
      case NEW -> {
        if (user.cookies.isEmpty() || tags.size() != SessionServlet.KEYS.size()) {
          recorder.error(type, "no session cookie or values");
          return;
        }
        user.hasSession = true;
        user.tags.clear();
        user.tags.putAll(tags);
      }
      case READ -> {
        if (!tags.equals(user.tags)) {
          recorder.stale(type);
          user.tags.clear();
          user.tags.putAll(tags);
        }
      }
      case WRITE -> user.tags.put(written, tags.get(written));
      case LOGOUT -> {
        user.hasSession = false;
        user.cookies.clear();
      }
    }
  }

  static Map<String, String> parseTags(String body) {
    Map<String, String> tags = new HashMap<>();
    for (String pair : body.trim().split(" ")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        tags.put(pair.substring(0, eq), pair.substring(eq + 1));
      }
    }
    return tags;
  }

  private static String cookieHeader(Map<String, String> cookies) {
    StringBuilder s = new StringBuilder();
    cookies.forEach(
        (n, v) -> s.append(s.length() == 0 ? "" : "; ").append(n).append('=').append(v));
    return s.toString();
  }

  private static void storeCookies(User user, List<String> setCookies) {
    for (String header : setCookies) {
      String[] parts = header.split(";");
      int eq = parts[0].indexOf('=');
      if (eq <= 0) {
        continue;
      }
      String name = parts[0].substring(0, eq).trim();
      String value = parts[0].substring(eq + 1).trim();
      boolean expired = value.isEmpty();
      for (int i = 1; i < parts.length; i++) {
        String attribute = parts[i].trim().toLowerCase(java.util.Locale.ROOT);
        if (attribute.equals("max-age=0") || attribute.startsWith("expires=thu, 01 jan 1970")) {
          expired = true;
        }
      }
      if (expired) {
        user.cookies.remove(name);
      } else {
        user.cookies.put(name, value);
      }
    }
  }
}
