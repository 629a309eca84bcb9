package org.dermmgmt.model.tflite;

import com.google.flatbuffers.Table;
import java.nio.ByteBuffer;

/**
 * Hand-written accessors for the few TFLite schema tables we read (no flatc at build time). Slot
 * numbers follow the field order in TensorFlow Lite's schema.fbs; a field's vtable offset is
 * {@code 4 + 2 * slot}. Absent fields return the schema defaults.
 */
final class FlatTables {
  private FlatTables() {}

  /** Common helpers over {@link Table}'s protected primitives. */
  abstract static class Base extends Table {
    final Base at(int pos, ByteBuffer buffer) {
      __reset(pos, buffer);
      return this;
    }

    static int vt(int slot) {
      return 4 + 2 * slot;
    }

    int vectorLength(int slot) {
      int o = __offset(vt(slot));
      return o == 0 ? 0 : __vector_len(o);
    }

    /** Absolute position of the i-th table of a vector of tables. */
    int tableAt(int slot, int i) {
      int o = __offset(vt(slot));
      return __indirect(__vector(o) + 4 * i);
    }

    int[] intVector(int slot) {
      int o = __offset(vt(slot));
      if (o == 0) {
        return new int[0];
      }
      int n = __vector_len(o);
      int start = __vector(o);
      int[] out = new int[n];
      for (int i = 0; i < n; i++) {
        out[i] = bb.getInt(start + 4 * i);
      }
      return out;
    }

    float[] floatVector(int slot) {
      int o = __offset(vt(slot));
      if (o == 0) {
        return new float[0];
      }
      int n = __vector_len(o);
      int start = __vector(o);
      float[] out = new float[n];
      for (int i = 0; i < n; i++) {
        out[i] = bb.getFloat(start + 4 * i);
      }
      return out;
    }

    long[] longVector(int slot) {
      int o = __offset(vt(slot));
      if (o == 0) {
        return new long[0];
      }
      int n = __vector_len(o);
      int start = __vector(o);
      long[] out = new long[n];
      for (int i = 0; i < n; i++) {
        out[i] = bb.getLong(start + 8 * i);
      }
      return out;
    }

    byte[] byteVector(int slot) {
      int o = __offset(vt(slot));
      if (o == 0) {
        return new byte[0];
      }
      int n = __vector_len(o);
      byte[] out = new byte[n];
      bb.duplicate().position(__vector(o)).get(out);
      return out;
    }

    String string(int slot) {
      int o = __offset(vt(slot));
      return o == 0 ? "" : __string(o + bb_pos);
    }

    int intField(int slot, int dflt) {
      int o = __offset(vt(slot));
      return o == 0 ? dflt : bb.getInt(o + bb_pos);
    }

    int byteField(int slot, int dflt) {
      int o = __offset(vt(slot));
      return o == 0 ? dflt : bb.get(o + bb_pos);
    }

    int ubyteField(int slot, int dflt) {
      int o = __offset(vt(slot));
      return o == 0 ? dflt : bb.get(o + bb_pos) & 0xFF;
    }

    long ulongField(int slot, long dflt) {
      int o = __offset(vt(slot));
      return o == 0 ? dflt : bb.getLong(o + bb_pos);
    }

    boolean has(int slot) {
      return __offset(vt(slot)) != 0;
    }

    /** Position of a sub-table field, or 0 when absent. */
    int subTable(int slot) {
      int o = __offset(vt(slot));
      return o == 0 ? 0 : __indirect(o + bb_pos);
    }

    static boolean hasIdentifier(ByteBuffer buffer, String id) {
      return __has_identifier(buffer, id);
    }
  }

  /** table Model { version, operator_codes, subgraphs, description, buffers, ... } */
  static final class Model extends Base {
    static final int OPERATOR_CODES = 1;
    static final int SUBGRAPHS = 2;
    static final int BUFFERS = 4;
  }

  /** table SubGraph { tensors, inputs, outputs, operators, name } */
  static final class SubGraph extends Base {
    static final int TENSORS = 0;
    static final int INPUTS = 1;
    static final int OUTPUTS = 2;
    static final int OPERATORS = 3;
  }

  /** table Tensor { shape, type, buffer, name, quantization, ... } */
  static final class Tensor extends Base {
    static final int SHAPE = 0;
    static final int TYPE = 1;
    static final int BUFFER = 2;
    static final int NAME = 3;
    static final int QUANTIZATION = 4;
  }

  /** table QuantizationParameters { min, max, scale, zero_point, ... } */
  static final class Quantization extends Base {
    static final int SCALE = 2;
    static final int ZERO_POINT = 3;
  }

  /** table Buffer { data, offset (ulong), size (ulong) }: offset/size are used by files over 2 GB. */
  static final class Buffer extends Base {
    static final int DATA = 0;
    static final int OFFSET = 1;
    static final int SIZE = 2;
  }

  /** table Operator { opcode_index, inputs, outputs, builtin_options_type, builtin_options, ... } */
  static final class Operator extends Base {
    static final int OPCODE_INDEX = 0;
    static final int INPUTS = 1;
    static final int OUTPUTS = 2;
    static final int OPTIONS_TYPE = 3;
    static final int OPTIONS = 4;
  }

  /** table OperatorCode { deprecated_builtin_code: byte, custom_code, version, builtin_code: int } */
  static final class OperatorCode extends Base {
    static final int DEPRECATED_BUILTIN_CODE = 0;
    static final int BUILTIN_CODE = 3;

    /** Old writers fill only the int8 field, new ones both (the int8 capped at 127): take the max. */
    int code() {
      return Math.max(byteField(DEPRECATED_BUILTIN_CODE, 0), intField(BUILTIN_CODE, 0));
    }
  }

  /** A builtin_options table; its layout depends on the union type. */
  static final class Options extends Base {}
}
