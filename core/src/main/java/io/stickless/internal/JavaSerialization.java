package io.stickless.internal;

import io.stickless.UnreadableValueException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.NotSerializableException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.Serializable;
import java.io.UncheckedIOException;
import org.jspecify.annotations.Nullable;

/**
 * Java serialization for cache values and session attributes, reading always through an {@link
 * ObjectInputFilter}. Internal: not part of the Stickless API.
 */
public final class JavaSerialization {

  private JavaSerialization() {}

  /**
   * The serialized form of {@code value}.
   *
   * @throws IllegalArgumentException when the value (or something it holds) is not serializable;
   *     the message names the class
   */
  public static byte[] serialize(Object value) {
    if (!(value instanceof Serializable)) {
      throw new IllegalArgumentException(
          "Value of class "
              + value.getClass().getName()
              + " is not Serializable: implement java.io.Serializable or use a JSON codec");
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    } catch (NotSerializableException e) {
      throw new IllegalArgumentException(
          "Value of class "
              + value.getClass().getName()
              + " holds a non-serializable "
              + e.getMessage()
              + ": make it Serializable (or transient) or use a JSON codec",
          e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * Reads a value through the filter, resolving classes with {@code classLoader} (or the thread's
   * context loader when {@code null}) without initialising them.
   *
   * @throws UnreadableValueException when the filter rejects a class, a class is missing, or the
   *     bytes are corrupt
   */
  public static Object deserialize(
      byte[] data, ObjectInputFilter filter, @Nullable ClassLoader classLoader) {
    // InvalidClassException.classname is null for a filter rejection: remember the class
    String[] rejected = new String[1];
    try (ObjectInputStream in = new FilteredInput(new ByteArrayInputStream(data), classLoader)) {
      in.setObjectInputFilter(
          info -> {
            ObjectInputFilter.Status status = filter.checkInput(info);
            if (status == ObjectInputFilter.Status.REJECTED && info.serialClass() != null) {
              rejected[0] = info.serialClass().getName();
            }
            return status;
          });
      return in.readObject();
    } catch (InvalidClassException e) {
      throw new UnreadableValueException(
          "Refused to deserialize "
              + (rejected[0] != null ? rejected[0] : e.classname)
              + ": not on the allow-list ("
              + e.getMessage()
              + ")",
          e);
    } catch (ClassNotFoundException e) {
      throw new UnreadableValueException(
          "Class "
              + e.getMessage()
              + " is not on the classpath (removed or renamed since it was stored?)",
          e);
    } catch (IOException | RuntimeException e) {
      throw new UnreadableValueException(
          "Stored value is not readable Java serialization: " + e, e);
    }
  }

  private static final class FilteredInput extends ObjectInputStream {
    private final @Nullable ClassLoader classLoader;

    FilteredInput(ByteArrayInputStream in, @Nullable ClassLoader classLoader) throws IOException {
      super(in);
      this.classLoader = classLoader;
    }

    @Override
    protected Class<?> resolveClass(ObjectStreamClass desc)
        throws IOException, ClassNotFoundException {
      ClassLoader loader =
          classLoader != null ? classLoader : Thread.currentThread().getContextClassLoader();
      if (loader == null) {
        return super.resolveClass(desc);
      }
      try {
        // initialize=false: a rejected class's static initializer must never run
        return Class.forName(desc.getName(), false, loader);
      } catch (ClassNotFoundException e) {
        return super.resolveClass(desc);
      }
    }
  }
}
