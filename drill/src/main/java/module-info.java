/**
 * The drill engine: seeded fault-injection campaigns against a live workload, each injection judged into an
 * outcome class from the monitor's events and the workload's own clients, and the reports of a campaign. The
 * CLI's {@code bulwark drill} and {@code bulwark demo} are thin layers over it.
 */
module dev.bulwark.drill {
    requires transitive dev.bulwark.monitor;
    requires transitive dev.bulwark.apps;
    requires com.google.gson;
    requires HdrHistogram; // the load's latency histograms; an automatic module, named after its jar

    exports dev.bulwark.drill;
    exports dev.bulwark.drill.workload;
    exports dev.bulwark.drill.report;
}
