using System.Collections.Immutable;
using Infra.GitOps.Model;
using Infra.GitOps.PullRequests.Preview;

namespace Infra.GitOps.PullRequests.Tests;

/// <summary>Previews used by the rendering, JSON and GitHub tests.</summary>
internal static class SamplePreviews
{
    public const string Base = "1111111111111111111111111111111111111111";
    public const string Head = "2222222222222222222222222222222222222222";
    public const string Canary = "CANARY-s3cr3t-7f1c9e";
    public static readonly DateTimeOffset Time = new(2026, 11, 26, 6, 0, 0, TimeSpan.Zero);

    public static Urn UrnOf(string stack, string type, string name, string? parentType = null) =>
        Urn.Create(stack, "lab", parentType, new ResourceType(type), name);

    public static PreviewStep Step(StepOperation operation, Urn urn, params PropertyChange[] changes) =>
        new(operation, urn, false, changes.ToImmutableArray(), ImmutableArray<Urn>.Empty);

    public static PropertyChange Update(string path, PropertyValue old, PropertyValue @new, bool forcesReplacement = false) =>
        new(path, PropertyChangeKind.Update, PreviewValue.Of(old), PreviewValue.Of(@new), forcesReplacement);

    public static PropertyChange Add(string path, PropertyValue value) =>
        new(path, PropertyChangeKind.Add, null, PreviewValue.Of(value), false);

    public static PullRequestPreview Of(params StackPreview[] stacks) =>
        new(Base, Head, null, Time, ["infra/network.yaml", "infra/vms.yaml"], stacks.ToImmutableArray(), ImmutableArray<Diagnostic>.Empty);

    /// <summary>One stack: a create, an update, a replacement of a VM, with a dependency edge.</summary>
    public static PullRequestPreview Small()
    {
        var net = UrnOf("dev", "libvirt:index/network:Network", "lab-dev-lab-net");
        var pool = UrnOf("dev", "libvirt:index/pool:Pool", "lab-dev");
        var vol = UrnOf("dev", "libvirt:index/volume:Volume", "lab-dev-web-data");
        var vm = UrnOf("dev", "libvirt:index/domain:Domain", "lab-dev-web-0", "infra:index:VirtualMachine");
        var steps = ImmutableArray.Create(
            Step(StepOperation.Same, pool),
            Step(StepOperation.Update, net, Update("addresses", new ArrayValue([new StringValue("10.10.0.0/24")]), new ArrayValue([new StringValue("10.20.0.0/24")]))),
            Step(StepOperation.Create, vol, Add("size", new NumberValue(1073741824)), Add("pool", new StringValue("lab-dev")), Add("format", new StringValue("qcow2"))) with { Dependencies = [pool] },
            Step(
                StepOperation.Replace,
                vm,
                Update("memory", new NumberValue(256), new NumberValue(512), forcesReplacement: true),
                Update("disks", ArrayValue.Empty, new ArrayValue([UnknownValue.Instance]))) with { Dependencies = [net, vol] });
        return Of(new PlannedStackPreview("dev", ImmutableArray<Diagnostic>.Empty, steps));
    }

    /// <summary>Two stacks, one with validation errors (and a warning), one fine.</summary>
    public static PullRequestPreview Invalid()
    {
        var diagnostics = ImmutableArray.Create(
            Diagnostic.Error("GO1002", "unknown property 'cidr_blok' on resource 'lab-net' (did you mean 'cidr'?)", new SourceLocation("infra/network.yaml", 7, 3)),
            Diagnostic.Error("GO2001", "unknown reference '${db.ip}': no document named 'db' in stack 'prod'", new SourceLocation("infra/vms.yaml", 12, 15)),
            Diagnostic.Warning("GO1010", "label value <b>looks like HTML</b> & *markdown*", new SourceLocation("infra/vms.yaml", 3, 1)));
        var ok = new PlannedStackPreview(
            "dev",
            ImmutableArray<Diagnostic>.Empty,
            [Step(StepOperation.Update, UrnOf("dev", "libvirt:index/network:Network", "lab-dev-lab-net"), Update("autostart", new BoolValue(false), new BoolValue(true)))]);
        return Of(ok, new InvalidStackPreview("prod", diagnostics.Sort()));
    }

    /// <summary>A stack whose changes carry secrets (plain, nested, and computed) plus an unknown value.</summary>
    public static PullRequestPreview SecretBearing()
    {
        var secret = new SecretValue(new StringValue(Canary));
        var nested = ObjectValue.Empty.With("user", new StringValue("admin")).With("password", secret);
        var vm = UrnOf("dev", "libvirt:index/domain:Domain", "lab-dev-db-0", "infra:index:VirtualMachine");
        var steps = ImmutableArray.Create(
            Step(
                StepOperation.Update,
                vm,
                Update("cmdline", new StringValue("console=ttyS0"), secret),
                Update("credentials", ObjectValue.Empty, nested),
                Add("ipAddress", UnknownValue.Instance)));
        return Of(new PlannedStackPreview("dev", ImmutableArray<Diagnostic>.Empty, steps));
    }

    /// <summary>Three stacks of very different sizes; together far beyond 70,000 characters.</summary>
    public static PullRequestPreview Large()
    {
        return Of(Stack("big", 900, 3), Stack("medium", 150, 2), Stack("tiny", 2, 1));

        static PlannedStackPreview Stack(string name, int count, int properties)
        {
            var steps = ImmutableArray.CreateBuilder<PreviewStep>();
            Urn? previous = null;
            for (var i = 0; i < count; i++)
            {
                var urn = UrnOf(name, i % 10 == 0 ? "libvirt:index/volume:Volume" : "libvirt:index/network:Network", $"lab-{name}-resource-{i:D4}");
                var operation = (i % 7) switch
                {
                    0 => StepOperation.Create,
                    1 => StepOperation.Delete,
                    2 => StepOperation.Replace,
                    _ => StepOperation.Update,
                };
                var changes = Enumerable.Range(0, properties)
                    .Select(p => Update($"property{p}", new StringValue($"old-value-{i}-{p}"), new StringValue($"new-value-{i}-{p}")))
                    .ToArray();
                var step = Step(operation, urn, changes) with { Dependencies = previous is { } d ? [d] : [] };
                steps.Add(step);
                previous = urn;
            }

            return new PlannedStackPreview(name, ImmutableArray<Diagnostic>.Empty, steps.ToImmutable());
        }
    }
}
