using System.CommandLine;
using Infra.GitOps.Engine.Planning;

namespace Infra.GitOps.Cli.Commands;

/// <summary>
/// <c>infra-gitops preview --stack S [--save-plan FILE] [--json]</c>: plans the stack against its recorded
/// state and changes nothing (no lock, no write). Exit 0 when the plan is valid, 2 for invalid input.
/// </summary>
public static class PreviewCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliConsole console)
    {
        var repository = new RepositoryOptions(stackRequired: true);
        var planOptions = new PlanCommandOptions();
        var savePlan = new Option<string?>("--save-plan") { Description = "Write the plan to FILE; `up --plan FILE` applies exactly it." };
        var showSame = new Option<bool>("--show-same") { Description = "Also list resources that do not change." };
        var command = new Command("preview", "Show what up would change; change nothing.");
        repository.AddTo(command);
        planOptions.AddTo(command);
        command.Options.Add(savePlan);
        command.Options.Add(showSame);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var compiled = await repository.CompileAsync(parseResult, console, cancellationToken);
            if (compiled?.Stacks.SingleOrDefault()?.Graph is not { } graph)
            {
                return ExitCodes.InvalidInput;
            }

            using var session = EngineSession.Open(compiled, repository.RepositoryRoot(parseResult));
            var plan = await session.Operations.PreviewAsync(graph, session.Store, session.Providers, planOptions.ToOptions(parseResult, graph), cancellationToken);
            console.Diagnostics(plan.Diagnostics);
            if (parseResult.GetValue(planOptions.Json))
            {
                console.WriteLine(PlanJson.Serialize(plan));
            }
            else
            {
                PlanRenderer.Write(console, plan, parseResult.GetValue(showSame));
            }

            if (plan.HasErrors)
            {
                return ExitCodes.InvalidInput;
            }

            if (parseResult.GetValue(savePlan) is { } file)
            {
                await File.WriteAllTextAsync(file, PlanJson.Serialize(plan), cancellationToken);
                console.WriteLine($"Plan saved to {file}; apply exactly it with: infra-gitops up --stack {graph.Stack} --plan {file}");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
