package org.dermmgmt.model.script;

import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;

/** libtorch's autograd off for the calling thread while open (as inference runs), restored on close. */
public final class GradModeOff implements AutoCloseable {
  private final boolean before;

  private GradModeOff() {
    // libtorch must be loaded before its grad mode can be read.
    NDManager.newBaseManager("PyTorch").close();
    before = JniUtils.isGradMode();
    JniUtils.setGradMode(false);
  }

  public static GradModeOff open() {
    return new GradModeOff();
  }

  @Override
  public void close() {
    JniUtils.setGradMode(before);
  }
}
