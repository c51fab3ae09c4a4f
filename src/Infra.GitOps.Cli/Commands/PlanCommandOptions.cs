using System.Collections.Immutable;
using System.CommandLine;
using Infra.GitOps.Engine;
using Infra.GitOps.Engine.Execution;
using Infra.GitOps.Engine.Planning;
using Infra.GitOps.Graph;
using Infra.GitOps.Model;

namespace Infra.GitOps.Cli.Commands;

/// <summary>The options of the commands that plan: <c>--target</c>, <c>--replace</c>, <c>--parallel</c>, <c>--json</c>.</summary>
public sealed class PlanCommandOptions
{
    /// <summary><c>--target URN|NAME</c>, repeatable: only these resources (and what they depend on).</summary>
    public Option<string[]> Targets { get; } = new("--target", "-t")
    {
        Description = "Only this resource (URN or document name) and its dependencies (repeatable).",
    };

    /// <summary><c>--replace URN|NAME</c>, repeatable: force a replacement.</summary>
    public Option<string[]> Replace { get; } = new("--replace")
    {
        Description = "Replace this resource (URN or document name) even if nothing changed (repeatable).",
    };

    /// <summary><c>--parallel N</c>.</summary>
    public Option<int?> Parallel { get; } = new("--parallel", "-p")
    {
        Description = $"At most N provider operations at once (default {ApplyOptions.Default.Parallelism}: 4 x CPU count, as Pulumi; cloud calls are I/O-bound).",
    };

    /// <summary><c>--json</c>.</summary>
    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print a machine-readable result (steps, change summary, diagnostics, duration); secrets masked.",
    };

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(Targets);
        command.Options.Add(Replace);
        command.Options.Add(Parallel);
        command.Options.Add(Json);
    }

    /// <summary>The engine options these command-line options ask for, resolved against <paramref name="graph"/>.</summary>
    public StackOperationOptions ToOptions(ParseResult parseResult, ResourceGraph graph)
    {
        var apply = ApplyOptions.Default;
        if (parseResult.GetValue(Parallel) is { } parallel)
        {
            if (parallel < 1)
            {
                throw new UsageException("--parallel must be at least 1");
            }

            apply = apply with { Parallelism = parallel };
        }

        var plan = PlanOptions.Default with
        {
            Targets = Resolve(graph, parseResult.GetValue(Targets) ?? [], "--target"),
            Replace = Resolve(graph, parseResult.GetValue(Replace) ?? [], "--replace"),
        };
        return StackOperationOptions.Default with { Plan = plan, Apply = apply };
    }

    // A URN is taken as it is; a name selects every resource of that document (the component and its children).
    private static ImmutableArray<Urn> Resolve(ResourceGraph graph, string[] values, string option)
    {
        var urns = ImmutableArray.CreateBuilder<Urn>();
        foreach (var value in values)
        {
            if (value.StartsWith(Urn.Prefix, StringComparison.Ordinal))
            {
                urns.Add(new Urn(value));
                continue;
            }

            var named = graph.Resources.Where(r => r.Urn.Name == value).ToList();
            var children = graph.Resources.Where(r => r.Parent is { } parent && named.Any(n => n.Urn == parent));
            var all = named.Concat(children).Select(r => r.Urn).Distinct().ToList();
            if (all.Count == 0)
            {
                throw new UsageException($"{option} '{value}': no resource of stack '{graph.Stack}' has that URN or name");
            }

            urns.AddRange(all);
        }

        return urns.ToImmutable();
    }
}
