using System.CommandLine;
using Infra.GitOps.Reconciler.Storage;

namespace Infra.GitOps.Cli.Commands.Reconciling;

/// <summary>
/// <c>infra-gitops status [--state-dir DIR]</c> (a table of every reconciled stack) and
/// <c>infra-gitops history --stack S [--state-dir DIR] [--limit N]</c> (its recent runs, newest first), read from
/// the reconciler's status files and audit trail.
/// </summary>
public static class StatusCommand
{
    /// <summary>Creates the <c>status</c> command.</summary>
    public static Command Create(CliConsole console)
    {
        var stateDir = StateDirectory();
        var json = JsonOption();
        var command = new Command("status", "Show every reconciled stack: result, last attempted and applied commits, conditions.");
        command.Options.Add(stateDir);
        command.Options.Add(json);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var statuses = await new StatusStore(new ReconcilerPaths(Path.GetFullPath(parseResult.GetRequiredValue(stateDir)))).ListAsync(cancellationToken);
            if (parseResult.GetValue(json))
            {
                console.WriteLine(StatusStore.ToJson(statuses));
                return ExitCodes.Success;
            }

            if (statuses.Count == 0)
            {
                console.WriteLine("No stack has been reconciled yet");
            }

            foreach (var status in statuses)
            {
                var conditions = string.Join(' ', status.Conditions.Select(c => $"{c.Type}={c.Status}"));
                console.WriteLine($"{status.Stack,-20} {status.Result,-12} applied={Short(status.LastAppliedRevision)} attempted={Short(status.LastAttemptedRevision)} failures={status.Failures} {conditions} {status.Message}".TrimEnd());
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Creates the <c>history</c> command.</summary>
    public static Command CreateHistory(CliConsole console)
    {
        var stateDir = StateDirectory();
        var stack = new Option<string>("--stack", "-s") { Description = "The stack.", Required = true };
        var limit = new Option<int>("--limit") { Description = "How many runs.", DefaultValueFactory = _ => 20 };
        var json = JsonOption();
        var command = new Command("history", "Show a stack's recent reconcile runs from its audit trail, newest first.");
        command.Options.Add(stateDir);
        command.Options.Add(stack);
        command.Options.Add(limit);
        command.Options.Add(json);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var trail = new AuditTrail(new ReconcilerPaths(Path.GetFullPath(parseResult.GetRequiredValue(stateDir))));
            // The trail reads oldest first; runs are shown newest first, as git log and pulumi stack history do.
            var entries = (await trail.ReadAsync(parseResult.GetRequiredValue(stack), parseResult.GetValue(limit), cancellationToken)).Reverse().ToList();
            if (parseResult.GetValue(json))
            {
                console.WriteLine(AuditTrail.ToJson(entries));
                return ExitCodes.Success;
            }

            foreach (var entry in entries)
            {
                console.WriteLine($"{entry.Time.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ} {Short(entry.Commit?.Sha)} {entry.Trigger?.ToString() ?? "-",-12} {entry.Result,-12} {entry.Changes?.ToString() ?? string.Empty} {entry.Reason}".TrimEnd());
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Option<bool> JsonOption() =>
        new("--json") { Description = "Print the stored documents as a JSON array (camelCase, the shape of the reconciler's files)." };

    private static Option<string> StateDirectory() =>
        new("--state-dir") { Description = "The reconciler's state directory.", DefaultValueFactory = _ => ".infra/state" };

    private static string Short(string? sha) => sha is null ? "-" : sha[..Math.Min(7, sha.Length)];
}
