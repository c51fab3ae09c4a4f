using System.CommandLine;
using Infra.GitOps.Graph;
using Infra.GitOps.Graph.Rendering;

namespace Infra.GitOps.Cli.Commands;

/// <summary>
/// <c>infra-gitops graph --stack NAME [--format json|mermaid|dot]</c>: prints a stack's resource graph (URNs,
/// types, inputs with references unresolved and secrets masked, dependencies, options, source locations).
/// </summary>
public static class GraphCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliConsole console)
    {
        var repository = new RepositoryOptions(stackRequired: true, SecretResolution.Placeholder);
        var format = new Option<string>("--format", "-f")
        {
            Description = "Output format.",
            DefaultValueFactory = _ => "json",
        };
        format.AcceptOnlyFromAmong("json", "mermaid", "dot");
        var command = new Command("graph", "Print a stack's resource graph.");
        repository.AddTo(command);
        command.Options.Add(format);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var compiled = await repository.CompileAsync(parseResult, console, cancellationToken);
            if (compiled?.Stacks.SingleOrDefault()?.Graph is not { } graph)
            {
                return ExitCodes.InvalidInput;
            }

            var text = parseResult.GetValue(format) switch
            {
                "mermaid" => GraphMermaidWriter.Render(graph),
                "dot" => GraphDotWriter.Render(graph),
                _ => GraphJsonWriter.Render(graph),
            };
            console.Output.Write(text);
            if (!text.EndsWith('\n'))
            {
                console.WriteLine();
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
