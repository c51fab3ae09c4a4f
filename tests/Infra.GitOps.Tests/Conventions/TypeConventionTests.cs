using System.Reflection;
using NUnit.Framework;

namespace Infra.GitOps.Tests.Conventions;

/// <summary>Model types are records; exceptions derive from <see cref="GitOpsException"/>.</summary>
public class TypeConventionTests
{
    private static readonly string[] RecordNamespaces = ["Infra.GitOps.Model", "Infra.GitOps.Graph"];

    private static IEnumerable<Type> ModelTypes() =>
        OurAssemblies.Shipped
            .SelectMany(a => a.GetExportedTypes())
            .Where(t => t.Namespace is { } ns && RecordNamespaces.Contains(ns) && !t.IsEnum && !t.IsInterface
                && !(t.IsAbstract && t.IsSealed)); // static classes hold no state

    private static IEnumerable<Type> ExceptionTypes() =>
        OurAssemblies.Shipped
            .SelectMany(a => a.GetExportedTypes())
            .Where(t => typeof(Exception).IsAssignableFrom(t) && t != typeof(GitOpsException));

    [TestCaseSource(nameof(ModelTypes))]
    public void PublicModelType_IsARecord(Type type)
    {
        // The compiler gives every record class a <Clone>$ method and every record struct a PrintMembers method.
        var isRecordClass = type.GetMethod("<Clone>$") is not null;
        var isRecordStruct = type.IsValueType && type.GetMethod("PrintMembers", BindingFlags.NonPublic | BindingFlags.Instance) is not null;
        Assert.That(isRecordClass || isRecordStruct, Is.True, $"{type.FullName} is not a record");
    }

    [TestCaseSource(nameof(ExceptionTypes))]
    public void ExceptionType_DerivesFromGitOpsException(Type type) =>
        Assert.That(type.IsSubclassOf(typeof(GitOpsException)), Is.True, $"{type.FullName} does not derive from GitOpsException");
}
