package io.stickless.examples.gallery;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * The gallery's relational database: an embedded H2 database in a file under the demo's work
 * folder, shared by every node (the tutorial used RDS). Every query adds to the request's {@link
 * RequestCost} and to {@link #queries()}, so a page and a test can see that a cache hit cost none.
 */
final class GalleryDb implements AutoCloseable {

  private static final String[][] SEED = {
    {"Blue Hour", "M. Okafor", "Dusk over the harbour, the minute the lights come on.", "215"},
    {"Saffron Field", "L. Varga", "A late-summer field, painted from memory.", "42"},
    {"Green Room", "A. Lindqvist", "The quiet before the curtain rises.", "140"},
    {"Coral Study No. 3", "R. Mendes", "Third of five studies of a reef at noon.", "8"},
    {"Night Ferry", "K. Tanaka", "The last crossing, nobody on deck.", "250"},
    {"Orchard", "J. Byrne", "Apple trees in April, before the leaves.", "95"},
  };

  private final JdbcConnectionPool pool;
  private final AtomicLong queries = new AtomicLong();

  private GalleryDb(JdbcConnectionPool pool) {
    this.pool = pool;
  }

  /**
   * Opens (creating when missing) the database {@code gallery} in {@code folder} and seeds it with
   * a few items when it is empty.
   */
  static GalleryDb open(Path folder) {
    String url = "jdbc:h2:file:" + folder.toAbsolutePath().resolve("gallery");
    GalleryDb db = new GalleryDb(JdbcConnectionPool.create(url, "sa", ""));
    db.createSchema();
    return db;
  }

  private void createSchema() {
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE IF NOT EXISTS item (id BIGINT AUTO_INCREMENT PRIMARY KEY,"
              + " title VARCHAR(100) NOT NULL, artist VARCHAR(100) NOT NULL,"
              + " description VARCHAR(500) NOT NULL, hue INT NOT NULL)");
      try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM item")) {
        rs.next();
        if (rs.getLong(1) == 0) {
          for (String[] row : SEED) {
            insert(c, row[0], row[1], row[2], Integer.parseInt(row[3]));
          }
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Could not prepare the gallery database: " + e, e);
    }
  }

  /** Every item, newest first. One query. */
  List<GalleryItem> listAll() {
    counted();
    try (Connection c = pool.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT id, title, artist, description, hue FROM item ORDER BY id DESC");
        ResultSet rs = ps.executeQuery()) {
      List<GalleryItem> items = new ArrayList<>();
      while (rs.next()) {
        items.add(row(rs));
      }
      return items;
    } catch (SQLException e) {
      throw new IllegalStateException("Could not list the gallery: " + e, e);
    }
  }

  /** One item. One query. */
  Optional<GalleryItem> find(long id) {
    counted();
    try (Connection c = pool.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT id, title, artist, description, hue FROM item WHERE id = ?")) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(row(rs)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Could not read item " + id + ": " + e, e);
    }
  }

  /** Adds an item and answers its id. One statement. */
  long add(String title, String artist, String description, int hue) {
    counted();
    try (Connection c = pool.getConnection()) {
      return insert(c, title, artist, description, hue);
    } catch (SQLException e) {
      throw new IllegalStateException("Could not add an item: " + e, e);
    }
  }

  /** Removes an item; answers whether it existed. One statement. */
  boolean remove(long id) {
    counted();
    try (Connection c = pool.getConnection();
        PreparedStatement ps = c.prepareStatement("DELETE FROM item WHERE id = ?")) {
      ps.setLong(1, id);
      return ps.executeUpdate() > 0;
    } catch (SQLException e) {
      throw new IllegalStateException("Could not remove item " + id + ": " + e, e);
    }
  }

  /** SQL statements run since the database was opened (start-up seeding excluded). */
  long queries() {
    return queries.get();
  }

  @Override
  public void close() {
    pool.dispose();
  }

  private void counted() {
    queries.incrementAndGet();
    RequestCost.current().sqlQuery();
  }

  private static long insert(Connection c, String title, String artist, String text, int hue)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO item (title, artist, description, hue) VALUES (?, ?, ?, ?)",
            Statement.RETURN_GENERATED_KEYS)) {
      ps.setString(1, title);
      ps.setString(2, artist);
      ps.setString(3, text);
      ps.setInt(4, hue);
      ps.executeUpdate();
      try (ResultSet keys = ps.getGeneratedKeys()) {
        keys.next();
        return keys.getLong(1);
      }
    }
  }

  private static GalleryItem row(ResultSet rs) throws SQLException {
    return new GalleryItem(
        rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5));
  }
}
