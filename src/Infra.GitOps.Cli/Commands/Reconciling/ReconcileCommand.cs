using System.CommandLine;
using Infra.GitOps.Reconciler.Events;
using Infra.GitOps.Reconciler.Storage;
using Infra.GitOps.Reconciler.Outcomes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Infra.GitOps.Cli.Commands.Reconciling;

/// <summary>
/// <c>infra-gitops reconcile --repo URL [--branch main] --once [--stack S [--now] [--allow-deletes]]</c>: one pass
/// over every stack of the tracked branch, or over one stack (fetch, then for each stack whose applied commit
/// differs from the head: validate, preview, guard, up, record status and audit trail). <c>--now</c> leaves a manual
/// request first, so the stack runs even when up to date, stalled or backing off (a running <c>serve</c> sees the
/// request as handled and does not run it twice); <c>--allow-deletes</c> is the explicit override of the stack's
/// <c>maxDeletes</c> for that run. Exit 0 when every stack is reconciled, 1 otherwise, 2 for a stack that does not
/// exist at the head. For a Kubernetes CronJob or a scheduled CI job.
/// </summary>
public static class ReconcileCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliConsole console)
    {
        var remote = new RemoteOptions();
        var once = new Option<bool>("--once") { Description = "Run one pass and exit (the only mode of this command; `serve` runs continuously)." };
        var stack = new Option<string?>("--stack", "-s") { Description = "Only this stack." };
        var now = new Option<bool>("--now") { Description = "With --stack: run it now even when up to date, stalled or backing off (a manual request)." };
        var allowDeletes = new Option<bool>("--allow-deletes") { Description = "With --stack: let this run delete more resources than the stack's maxDeletes." };
        var command = new Command("reconcile", "Reconcile every stack of the tracked branch (or one) once.");
        remote.AddTo(command);
        remote.AddReconcileOptionsTo(command);
        foreach (var option in new Option[] { once, stack, now, allowDeletes })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var only = parseResult.GetValue(stack);
            var request = parseResult.GetValue(now) || parseResult.GetValue(allowDeletes);
            if (request && only is null)
            {
                throw new UsageException("--now and --allow-deletes need --stack");
            }

            if (only is not null && !ReconcilerPaths.IsValidStackName(only))
            {
                throw new UsageException($"'{only}' is not a valid stack name");
            }

            // Notification failures are warnings on standard error; everything else stays quiet.
            string[] notifying = [typeof(WebhookEventSink).FullName!, typeof(GitHubStatusEventSink).FullName!];
            using var warnings = LoggerFactory.Create(logging => logging
                .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace)
                .AddSimpleConsole(console => console.SingleLine = true)
                .AddFilter((category, level) => level >= LogLevel.Warning && notifying.Contains(category)));
            using var notifiers = remote.NotifiersOf(parseResult, warnings);
            using var session = await remote.OpenAsync(parseResult, NullLoggerFactory.Instance, cancellationToken);
            var options = session.Options("reconcile");
            options.PathFilter = !parseResult.GetValue(remote.EveryStack);
            var reconciler = session.CreateReconciler(options, NullLoggerFactory.Instance, notifiers.Sink);
            if (request)
            {
                // only is set: checked above.
                await reconciler.RequestReconcileAsync(only!, parseResult.GetValue(allowDeletes), cancellationToken);
            }

            var pass = only is null ? await reconciler.RunPassAsync(cancellationToken) : await reconciler.RunPassAsync(only, cancellationToken);
            return Report(console, session.Branch, pass, only);
        });
        return command;
    }

    /// <summary>Prints a pass (one line per stack) and returns its exit code; a missing <paramref name="only"/> stack is invalid input.</summary>
    internal static int Report(CliConsole console, string branch, ReconcilePassResult pass, string? only)
    {
        console.WriteLine($"Reconciled {branch} at {pass.Head?[..Math.Min(7, pass.Head.Length)] ?? "?"}");
        if (pass.SourceError is { } error)
        {
            console.Error(error);
        }

        foreach (var outcome in pass.Outcomes)
        {
            console.WriteLine($"  {outcome.Stack}: {outcome}");
        }

        if (only is not null && pass.SourceError is null && pass.Outcomes.IsEmpty)
        {
            console.Error($"stack '{only}' does not exist at the head of {branch}");
            return ExitCodes.InvalidInput;
        }

        return pass.Succeeded ? ExitCodes.Success : ExitCodes.Failed;
    }
}
