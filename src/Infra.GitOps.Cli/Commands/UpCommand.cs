using System.CommandLine;
using Infra.GitOps.Engine;
using Infra.GitOps.Engine.Planning;

namespace Infra.GitOps.Cli.Commands;

/// <summary>
/// <c>infra-gitops up --stack S [--yes] [--plan FILE]</c>: previews, then (after confirmation, or with
/// <c>--yes</c>) applies. With <c>--plan</c> it applies exactly the saved plan and refuses any step it does not
/// allow. Exit 0 when every step succeeded, 1 when one failed or the lock is held, 2 for invalid input.
/// </summary>
public static class UpCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliConsole console)
    {
        var repository = new RepositoryOptions(stackRequired: true);
        var planOptions = new PlanCommandOptions();
        var yes = new Option<bool>("--yes", "-y") { Description = "Apply without asking." };
        var planFile = new Option<string?>("--plan") { Description = "Apply exactly the plan saved by `preview --save-plan FILE`." };
        var command = new Command("up", "Preview, then apply the stack's changes.");
        repository.AddTo(command);
        planOptions.AddTo(command);
        command.Options.Add(yes);
        command.Options.Add(planFile);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var compiled = await repository.CompileAsync(parseResult, console, cancellationToken);
            if (compiled?.Stacks.SingleOrDefault()?.Graph is not { } graph)
            {
                return ExitCodes.InvalidInput;
            }

            var options = planOptions.ToOptions(parseResult, graph);
            if (parseResult.GetValue(planFile) is { } file)
            {
                options = options with { SavedPlan = PlanJson.Deserialize(await File.ReadAllTextAsync(file, cancellationToken)) };
            }

            var json = parseResult.GetValue(planOptions.Json);
            using var session = EngineSession.Open(compiled, repository.RepositoryRoot(parseResult));
            if (!parseResult.GetValue(yes))
            {
                var preview = await session.Operations.PreviewAsync(graph, session.Store, session.Providers, options, cancellationToken);
                console.Diagnostics(preview.Diagnostics);
                PlanRenderer.Write(console, preview, showSame: false);
                if (preview.HasErrors)
                {
                    return ExitCodes.InvalidInput;
                }

                if (!preview.ChangeSummary.HasChanges)
                {
                    return ExitCodes.Success;
                }

                if (!console.IsRich)
                {
                    console.Error("not on a terminal: pass --yes to apply");
                    return ExitCodes.InvalidInput;
                }

                if (!Spectre.Console.AnsiConsoleExtensions.Confirm(console.Ansi, "Do you want to perform this update?", defaultValue: false))
                {
                    console.WriteLine("Cancelled; nothing was changed.");
                    return ExitCodes.Success;
                }
            }

            if (json)
            {
                var quiet = await session.Operations.UpAsync(graph, session.Store, session.Providers, EngineSession.Owner("up"), options, cancellationToken);
                return Report(console, quiet, json);
            }

            return await RunWithProgressAsync(
                console,
                $"Updating stack {graph.Project}/{graph.Stack}:",
                options,
                withProgress => session.Operations.UpAsync(graph, session.Store, session.Providers, EngineSession.Owner("up"), withProgress, cancellationToken),
                cancellationToken);
        });
        return command;
    }

    /// <summary>
    /// Prints <paramref name="title"/>, runs <paramref name="operation"/> with <see cref="ApplyProgress"/> observing
    /// its apply (live on a terminal, a line per step start and end otherwise), then the summary; returns the exit code.
    /// </summary>
    public static async Task<int> RunWithProgressAsync(
        CliConsole console, string title, StackOperationOptions options, Func<StackOperationOptions, Task<UpResult>> operation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(operation);
        console.WriteLine(title);
        var progress = new ApplyProgress(console, TimeProvider.System);
        var result = await progress.RunAsync(() => operation(options with { Apply = options.Apply with { Observer = progress } }), cancellationToken);
        return ReportAfterProgress(console, result);
    }

    /// <summary>
    /// Prints the end of an up whose steps <see cref="ApplyProgress"/> showed live: the plan instead when it had
    /// errors (nothing ran), the change summary and the apply's outcome otherwise. Returns the exit code.
    /// </summary>
    public static int ReportAfterProgress(CliConsole console, UpResult result)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(result);
        console.Diagnostics(result.Plan.Diagnostics);
        if (result.Apply is not { } apply)
        {
            PlanRenderer.Write(console, result.Plan, showSame: false);
            return result.Plan.HasErrors ? ExitCodes.InvalidInput : ExitCodes.Failed;
        }

        PlanRenderer.WriteSummary(console, result.Plan.ChangeSummary);
        PlanRenderer.WriteOutcome(console, apply);
        return result.Plan.HasErrors ? ExitCodes.InvalidInput : result.Succeeded ? ExitCodes.Success : ExitCodes.Failed;
    }

    /// <summary>Prints an up/destroy/refresh result and returns its exit code.</summary>
    public static int Report(CliConsole console, UpResult result, bool json)
    {
        console.Diagnostics(result.Plan.Diagnostics);
        if (json)
        {
            console.WriteLine(ResultJson.Serialize(result));
        }
        else
        {
            PlanRenderer.Write(console, result.Plan, showSame: false);
            if (result.Apply is { } apply)
            {
                PlanRenderer.Write(console, apply);
            }
        }

        return result.Plan.HasErrors ? ExitCodes.InvalidInput : result.Succeeded ? ExitCodes.Success : ExitCodes.Failed;
    }
}
