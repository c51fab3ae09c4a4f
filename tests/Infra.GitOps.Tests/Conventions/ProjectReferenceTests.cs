using System.Reflection;
using NUnit.Framework;

namespace Infra.GitOps.Tests.Conventions;

/// <summary>
/// The dependency rules of STYLE.md section 1, checked on the built assemblies: every dependency points toward
/// the core; providers know only the core's contract; the core knows no concrete provider; only the Cli wires
/// providers together.
/// </summary>
public class ProjectReferenceTests
{
    private static readonly Dictionary<string, string[]> Allowed = new(StringComparer.Ordinal)
    {
        ["Infra.GitOps"] = [],
        ["Infra.GitOps.Git"] = ["Infra.GitOps"],
        ["Infra.GitOps.Testing"] = ["Infra.GitOps"],
        ["Infra.GitOps.Providers.Libvirt"] = ["Infra.GitOps"],
        ["Infra.GitOps.Providers.Aws"] = ["Infra.GitOps"],
        ["Infra.GitOps.Providers.Azure"] = ["Infra.GitOps"],
        ["Infra.GitOps.Providers.Kubernetes"] = ["Infra.GitOps"],
        ["Infra.GitOps.State.Postgres"] = ["Infra.GitOps"],
        ["Infra.GitOps.Reconciler"] = ["Infra.GitOps", "Infra.GitOps.Git"],
        ["Infra.GitOps.PullRequests"] = ["Infra.GitOps", "Infra.GitOps.Git"],
    };

    private static IEnumerable<Assembly> Libraries() =>
        OurAssemblies.Shipped.Where(a => OurAssemblies.NameOf(a) != "infra-gitops");

    [Test]
    public void ShippedAssemblies_AreFound()
    {
        var names = OurAssemblies.Shipped.Select(OurAssemblies.NameOf).ToList();
        Assert.That(names, Is.SupersetOf(new[] { "Infra.GitOps", "Infra.GitOps.Git", "Infra.GitOps.Testing", "Infra.GitOps.Providers.Libvirt", "infra-gitops" }));
    }

    [TestCaseSource(nameof(Libraries))]
    public void References_OnlyPointTowardTheCore(Assembly assembly)
    {
        var name = OurAssemblies.NameOf(assembly);
        Assert.That(Allowed.ContainsKey(name), Is.True, $"{name} has no dependency rule: add one to {nameof(ProjectReferenceTests)}");
        var ours = assembly.GetReferencedAssemblies()
            .Select(r => r.Name!) // referenced assembly names are never null in metadata
            .Where(n => n.StartsWith("Infra.GitOps", StringComparison.Ordinal) || n == "infra-gitops")
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.That(ours, Is.SubsetOf(Allowed[name]), $"{name} references {string.Join(", ", ours)}");
    }
}
