package io.simdnn.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a result directory ({@value #RESULTS_FILE} from JMH, {@code machine.properties}) into its
 * report: {@value #REPORT_FILE}, {@value #README_TABLE_FILE} and the PNG charts, beside the inputs.
 * Used at the end of a run and by {@code ./simdnn bench report DIR} to re-render a saved run.
 */
public final class ReportWriter {
    public static final String RESULTS_FILE = "jmh-results.json";
    public static final String REPORT_FILE = "report.md";
    public static final String README_TABLE_FILE = "README-table.md";

    private ReportWriter() {}

    /** Writes the report of the run in {@code directory}; returns the files written. */
    public static List<Path> write(Path directory) throws IOException {
        SuiteReport report = SuiteReport.of(JmhResults.read(directory.resolve(RESULTS_FILE)), MachineInfo.read(directory));
        List<Path> written = new ArrayList<>();
        written.add(Files.writeString(directory.resolve(REPORT_FILE), MarkdownReport.report(report)));
        written.add(Files.writeString(directory.resolve(README_TABLE_FILE), MarkdownReport.readmeTable(report)));
        written.addAll(ReportCharts.write(report, directory));
        return written;
    }
}
