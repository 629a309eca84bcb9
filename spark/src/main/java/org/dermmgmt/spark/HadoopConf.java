package org.dermmgmt.spark;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * The driver's Hadoop configuration carried to the executors, so that images are read with the
 * same filesystem settings (spark.hadoop.* options, S3 credentials providers, HDFS name nodes)
 * as the table itself. Hadoop's Configuration is not serialisable; its entries are.
 */
record HadoopConf(Map<String, String> entries) implements Serializable {
  static HadoopConf of(Configuration conf) {
    Map<String, String> m = new HashMap<>();
    conf.forEach(e -> m.put(e.getKey(), e.getValue()));
    return new HadoopConf(m);
  }

  Configuration toConfiguration() {
    Configuration c = new Configuration(false);
    entries.forEach(c::set);
    return c;
  }
}
