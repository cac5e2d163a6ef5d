/**
 * JMH benchmarks of Stickless, each next to the baseline it is judged against, in the same run. Run
 * from the repository root (so dynalite is found):
 *
 * <pre>
 * ./mvnw -B -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar -f 1 -wi 2 -i 3 -w 2s -r 3s
 * </pre>
 */
package io.stickless.benchmarks;
