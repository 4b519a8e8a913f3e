/**
 * The {@code iptriage} command, on picocli. {@link dev.iptriage.cli.Main} is the entry point and the list of
 * commands; each command is one class ({@link dev.iptriage.cli.EnrichCommand}, {@link
 * dev.iptriage.cli.ExtractCommand}, {@link dev.iptriage.cli.LookupCommand}, {@link dev.iptriage.cli.ReportCommand},
 * {@link dev.iptriage.cli.FieldsCommand}, and {@link dev.iptriage.cli.DbCommand} with its subcommands) that maps its
 * options onto iptriage-core and prints. Options shared between commands are mixins ({@link
 * dev.iptriage.cli.DbOptions}, {@link dev.iptriage.cli.InputOptions}, {@link dev.iptriage.cli.RunOptions}); {@link
 * dev.iptriage.cli.ExitCodes} is the table of exit codes; {@link dev.iptriage.cli.Env} is everything a command reads
 * from outside (streams, environment, clock), so tests run commands in-process.
 *
 * <p>Start with {@link dev.iptriage.cli.Main}, then the command you are after.
 */
package dev.iptriage.cli;
