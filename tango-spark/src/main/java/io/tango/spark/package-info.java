/**
 * TANGO on Apache Spark: score any TANGO model over a {@code Dataset<Row>} ({@link io.tango.spark.TangoScorer#score},
 * batched per partition) or from Spark SQL ({@link io.tango.spark.TangoScorer#register}, row at a time).
 *
 * <p>The one static: each executor JVM keeps one runtime per distinct configuration and plugin directory, and each
 * model loaded once, in a package-private cache (an exception to TANGO's "no global state" rule, because the JVM is
 * the only scope the tasks of an executor share). It is closed by {@link io.tango.spark.TangoSparkPlugin} when the
 * executor stops, by a JVM shutdown hook otherwise, and by {@link io.tango.spark.TangoSpark#closeExecutorRuntimes()}.
 */
package io.tango.spark;
