using System.CommandLine;
using Infra.GitOps.Reconciler.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Infra.GitOps.Cli.Commands.Reconciling;

/// <summary>
/// <c>infra-gitops rollback --stack S --to COMMIT --repo URL [--branch main]</c>: applies the stack as it was at
/// COMMIT (a commit id, short id or tag of the remote), records it in the audit trail with the trigger
/// <c>Rollback</c>, and holds the stack there until the branch moves (the next commit is applied as usual). The
/// usual way back is <c>git revert</c> and a reconcile, which keeps Git the source of truth; this is for when that
/// is too slow. Exit 0 when applied, 1 when not, 2 for an unknown stack.
/// </summary>
public static class RollbackCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliConsole console)
    {
        var remote = new RemoteOptions();
        var stack = new Option<string>("--stack", "-s") { Description = "The stack.", Required = true };
        var to = new Option<string>("--to") { Description = "The commit (id, short id or tag) whose version of the stack to apply.", Required = true };
        var command = new Command("rollback", "Apply a stack as it was at an older commit and hold it there until the branch moves.");
        remote.AddTo(command);
        command.Options.Add(stack);
        command.Options.Add(to);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var name = parseResult.GetRequiredValue(stack);
            if (!ReconcilerPaths.IsValidStackName(name))
            {
                throw new UsageException($"'{name}' is not a valid stack name");
            }

            using var session = await remote.OpenAsync(parseResult, NullLoggerFactory.Instance, cancellationToken);
            var reconciler = session.CreateReconciler(session.Options("rollback"), NullLoggerFactory.Instance);
            var request = await reconciler.RequestRollbackAsync(name, parseResult.GetRequiredValue(to), cancellationToken);
            console.WriteLine($"Rolling {name} back to {request.Revision?[..7]}");
            var pass = await reconciler.RunPassAsync(name, cancellationToken);
            return ReconcileCommand.Report(console, session.Branch, pass, name);
        });
        return command;
    }
}
