package org.dermmgmt.data.dicom;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dermmgmt.UserInputException;

/**
 * Reads the element structure of a DICOM Part 10 file: the file meta information (always explicit
 * VR little endian), then the data set in explicit or implicit VR little endian, skipping
 * sequences (defined or undefined length, nested), and stopping after Pixel Data. Encapsulated
 * Pixel Data is split into its fragments. Every length is checked against the bytes left, so a cut
 * or crafted file fails with a message instead of an exception from deep inside.
 */
final class DicomParser {
  private static final int PREAMBLE = 128;
  private static final int ITEM = 0xFFFEE000;
  private static final int ITEM_END = 0xFFFEE00D;
  private static final int SEQUENCE_END = 0xFFFEE0DD;
  private static final long UNDEFINED = 0xFFFFFFFFL;
  private static final int MAX_DEPTH = 32;
  /** VRs whose explicit header has 2 reserved bytes and a 4-byte length. */
  private static final Set<String> LONG_VRS =
      Set.of("OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV");

  private final byte[] b;
  private final String name;
  private int pos;

  private DicomParser(byte[] bytes, String name) {
    this.b = bytes;
    this.name = name;
  }

  /** The meta information's transfer syntax, checked readable, then the data set. */
  static DicomDataset parse(byte[] bytes, String name) {
    return new DicomParser(bytes, name).parse();
  }

  private DicomDataset parse() {
    pos = PREAMBLE + 4;
    String syntax = "";
    String mediaSop = "";
    while (true) {
      need(pos, 8);
      if (u16(pos) != 0x0002) {
        break;
      }
      Element e = element(true);
      if (e.tag == 0x00020010) {
        syntax = ascii(e.offset, (int) e.length);
      } else if (e.tag == 0x00020002) {
        mediaSop = ascii(e.offset, (int) e.length);
      }
      pos = e.offset + (int) e.length;
    }
    if (syntax.isEmpty()) {
      throw damaged("no Transfer Syntax UID (0002,0010) in its file meta information");
    }
    if (!Uids.READABLE_SYNTAXES.contains(syntax)) {
      throw new UserInputException("DICOM file " + name + " uses transfer syntax " + Uids.describe(syntax)
          + ", which dermmgmt does not read; readable are uncompressed (implicit or explicit VR little"
          + " endian) and JPEG baseline/extended 8-bit: convert it first, e.g. 'gdcmconv --raw'");
    }
    boolean explicit = !syntax.equals(Uids.IMPLICIT_VR_LITTLE_ENDIAN);
    Map<Integer, byte[]> values = new HashMap<>();
    while (pos < b.length) {
      Element e = element(explicit);
      if (e.tag == DicomDataset.PIXEL_DATA) {
        if (e.length == UNDEFINED) {
          return new DicomDataset(syntax, mediaSop, values, null, fragments(e.offset));
        }
        byte[] px = new byte[(int) e.length];
        System.arraycopy(b, e.offset, px, 0, px.length);
        return new DicomDataset(syntax, mediaSop, values, px, null);
      }
      if (e.length == UNDEFINED) {
        // A sequence (SQ, or UN holding implicit VR items, or any undefined length in implicit VR).
        pos = skipSequence(e.offset, explicit && !"UN".equals(e.vr), 1);
        continue;
      }
      if (DicomDataset.WANTED.contains(e.tag)) {
        byte[] v = new byte[(int) e.length];
        System.arraycopy(b, e.offset, v, 0, v.length);
        values.put(e.tag, v);
      }
      pos = e.offset + (int) e.length;
    }
    throw damaged("no Pixel Data (7FE0,0010): it holds no image");
  }

  /** The element header at {@link #pos}; its value must fit in the file unless undefined. */
  private Element element(boolean explicit) {
    need(pos, 8);
    int tag = u16(pos) << 16 | u16(pos + 2);
    String vr = null;
    long length;
    int offset;
    boolean delimiter = (tag >>> 16) == 0xFFFE;
    if (explicit && !delimiter) {
      vr = ascii(pos + 4, 2);
      if (vr.length() != 2 || !Character.isUpperCase(vr.charAt(0)) || !Character.isUpperCase(vr.charAt(1))) {
        throw damaged(String.format("bad value representation at byte %d (tag %s)", pos + 4, tagName(tag)));
      }
      if (LONG_VRS.contains(vr)) {
        need(pos, 12);
        length = u32(pos + 8);
        offset = pos + 12;
      } else {
        length = u16(pos + 6);
        offset = pos + 8;
      }
    } else {
      length = u32(pos + 4);
      offset = pos + 8;
    }
    if (length != UNDEFINED && offset + length > b.length) {
      throw truncated(tag);
    }
    return new Element(tag, vr, length, offset);
  }

  /** Skips the items of an undefined-length sequence starting at {@code at}; returns the end. */
  private int skipSequence(int at, boolean explicit, int depth) {
    if (depth > MAX_DEPTH) {
      throw damaged("sequences nested deeper than " + MAX_DEPTH);
    }
    pos = at;
    while (true) {
      Element item = element(false);
      if (item.tag == SEQUENCE_END) {
        return item.offset;
      }
      if (item.tag != ITEM) {
        throw damaged("expected a sequence item at byte " + (pos) + ", found " + tagName(item.tag));
      }
      if (item.length != UNDEFINED) {
        pos = item.offset + (int) item.length;
        continue;
      }
      pos = item.offset;
      while (true) {
        Element e = element(explicit);
        if (e.tag == ITEM_END) {
          pos = e.offset;
          break;
        }
        pos = e.length == UNDEFINED
            ? skipSequence(e.offset, explicit && !"UN".equals(e.vr), depth + 1)
            : e.offset + (int) e.length;
      }
    }
  }

  /** The fragments of encapsulated pixel data, the basic offset table left out. */
  private List<byte[]> fragments(int at) {
    pos = at;
    List<byte[]> out = new ArrayList<>();
    boolean first = true;
    while (true) {
      Element item = element(false);
      if (item.tag == SEQUENCE_END) {
        return out;
      }
      if (item.tag != ITEM || item.length == UNDEFINED) {
        throw damaged("encapsulated Pixel Data holds " + tagName(item.tag) + " where a fragment belongs");
      }
      if (!first) {
        byte[] f = new byte[(int) item.length];
        System.arraycopy(b, item.offset, f, 0, f.length);
        out.add(f);
      }
      first = false;
      pos = item.offset + (int) item.length;
    }
  }

  private record Element(int tag, String vr, long length, int offset) {}

  private void need(int at, int n) {
    if (at + n > b.length) {
      throw new UserInputException("DICOM file " + name + " is truncated (ends inside an element header at byte "
          + at + ")");
    }
  }

  private UserInputException truncated(int tag) {
    return new UserInputException(
        "DICOM file " + name + " is truncated (element " + tagName(tag) + " runs past the end of the file)");
  }

  private UserInputException damaged(String what) {
    return new UserInputException("DICOM file " + name + " is damaged: " + what);
  }

  private static String tagName(int tag) {
    return String.format("(%04X,%04X)", tag >>> 16, tag & 0xffff);
  }

  private String ascii(int at, int n) {
    int end = Math.min(b.length, at + n);
    String s = new String(b, at, Math.max(0, end - at), StandardCharsets.ISO_8859_1);
    return s.replace("\0", "").trim();
  }

  private int u16(int at) {
    return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
  }

  private long u32(int at) {
    return (b[at] & 0xffL) | (b[at + 1] & 0xffL) << 8 | (b[at + 2] & 0xffL) << 16 | (b[at + 3] & 0xffL) << 24;
  }
}
