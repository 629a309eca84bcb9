package org.dermmgmt.model.script;

import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A TorchScript module written from its source text at run time, so that no binary {@code .pt}
 * file lives in the repository and no Python is needed: the archive holds the code, the pickled
 * module object (class {@code __torch__.NAME}, state {@code {"training": flag}}, no parameters),
 * an empty constants tuple and the format version, stored uncompressed as torch.jit.save writes them.
 * Weights, when a module needs them, are passed to its {@code forward} as arguments.
 */
public final class TorchScriptSource {
  private TorchScriptSource() {}

  /**
   * The class header of a parameterless module named {@code className}; append its methods, each
   * indented by two spaces, e.g. {@code "  def forward(self: __torch__.NAME, x: Tensor) -> Tensor:\n"}.
   */
  public static String header(String className) {
    return "class " + className + "(Module):\n"
        + "  __parameters__ = []\n"
        + "  __buffers__ = []\n"
        + "  training : bool\n";
  }

  /** Loads the module into libtorch, owned by {@code manager} (closing the block frees it). */
  public static PtSymbolBlock load(PtNDManager manager, String className, String source, boolean training) {
    try (ByteArrayInputStream in = new ByteArrayInputStream(archive(className, source, training))) {
      return JniUtils.loadModule(manager, in, true, false);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The module as the zip torch.jit.save writes. */
  public static byte[] archive(String className, String source, boolean training) throws IOException {
    ByteArrayOutputStream pickle = new ByteArrayOutputStream();
    pickle.write(new byte[] {(byte) 0x80, 2}); // PROTO 2
    pickle.write(("c__torch__\n" + className + "\n").getBytes(StandardCharsets.US_ASCII)); // GLOBAL
    pickle.write(new byte[] {')', (byte) 0x81, '}', '('}); // EMPTY_TUPLE NEWOBJ EMPTY_DICT MARK
    byte[] key = "training".getBytes(StandardCharsets.US_ASCII);
    pickle.write(new byte[] {'X', (byte) key.length, 0, 0, 0}); // BINUNICODE, length little-endian
    pickle.write(key);
    // NEWTRUE / NEWFALSE, then SETITEMS BUILD STOP
    pickle.write(new byte[] {(byte) (training ? 0x88 : 0x89), 'u', 'b', '.'});
    String dir = className.toLowerCase(java.util.Locale.ROOT);
    ByteArrayOutputStream zip = new ByteArrayOutputStream();
    try (ZipOutputStream out = new ZipOutputStream(zip)) {
      stored(out, dir + "/data.pkl", pickle.toByteArray());
      stored(out, dir + "/code/__torch__.py", source.getBytes(StandardCharsets.UTF_8));
      stored(out, dir + "/constants.pkl", new byte[] {(byte) 0x80, 2, ')', '.'}); // ()
      stored(out, dir + "/version", "3\n".getBytes(StandardCharsets.US_ASCII));
    }
    return zip.toByteArray();
  }

  private static void stored(ZipOutputStream out, String name, byte[] data) throws IOException {
    ZipEntry e = new ZipEntry(name);
    e.setMethod(ZipEntry.STORED);
    e.setSize(data.length);
    CRC32 crc = new CRC32();
    crc.update(data);
    e.setCrc(crc.getValue());
    out.putNextEntry(e);
    out.write(data);
    out.closeEntry();
  }
}
