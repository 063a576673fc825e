/** The {@code bulwark} command. */
module dev.bulwark.cli {
    requires dev.bulwark.drill;
    requires dev.bulwark.apps;
    requires dev.bulwark.monitor;
    requires info.picocli;
    requires org.yaml.snakeyaml;
    requires me.tongfei.progressbar; // the drill's progress bar

    opens dev.bulwark.cli to info.picocli; // picocli reads and sets the commands' annotated fields
}
