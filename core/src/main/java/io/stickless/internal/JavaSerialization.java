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
   * @throws UnreadableValueException when the filter rejects a class, a class is missing or cannot
   *     be loaded, a class changed incompatibly, or the bytes are corrupt
   */
  public static Object deserialize(
      byte[] data, ObjectInputFilter filter, @Nullable ClassLoader classLoader) {
    FilteredInput input = null;
    try (FilteredInput in = new FilteredInput(new ByteArrayInputStream(data), classLoader)) {
      input = in;
      in.setObjectInputFilter(filter);
      return in.readObject();
    } catch (InvalidClassException e) {
      if (e.classname != null) {
        // not the filter (its rejection carries no class name): the class changed incompatibly
        throw new UnreadableValueException(
            "Stored value of class "
                + e.classname
                + " does not match the class on the classpath (changed incompatibly since it was"
                + " stored, e.g. a different serialVersionUID: "
                + e.getMessage()
                + ")",
            e);
      }
      // the filter's rejection carries no class name: name the class resolved last
      String className = input != null ? input.lastClassName : null;
      throw new UnreadableValueException(
          "Refused to deserialize "
              + className
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
    } catch (LinkageError e) {
      // NoClassDefFoundError, ExceptionInInitializerError: a class it needs is missing or broken
      throw new UnreadableValueException(
          "Stored value needs a class that cannot be loaded or initialised (last class read: "
              + (input != null ? input.lastClassName : null)
              + "; "
              + e
              + ")",
          e);
    } catch (IOException | RuntimeException e) {
      throw new UnreadableValueException(
          "Stored value is not readable Java serialization: " + e, e);
    }
  }

  private static final class FilteredInput extends ObjectInputStream {
    private final @Nullable ClassLoader classLoader;
    @Nullable String lastClassName;

    FilteredInput(ByteArrayInputStream in, @Nullable ClassLoader classLoader) throws IOException {
      super(in);
      this.classLoader = classLoader;
    }

    @Override
    protected Class<?> resolveClass(ObjectStreamClass desc)
        throws IOException, ClassNotFoundException {
      lastClassName = desc.getName();
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
