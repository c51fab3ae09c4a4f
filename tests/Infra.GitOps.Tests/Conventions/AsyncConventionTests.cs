using System.Reflection;
using NUnit.Framework;

namespace Infra.GitOps.Tests.Conventions;

/// <summary>Every public Task-returning method ends in Async and takes a CancellationToken as its last parameter.</summary>
public class AsyncConventionTests
{
    private static readonly HashSet<string> Exempt = new(StringComparer.Ordinal)
    {
        "DisposeAsync", // IAsyncDisposable fixes the signature
        "Main",
    };

    private static IEnumerable<TestCaseData> PublicAsyncMethods() =>
        OurAssemblies.Shipped
            .SelectMany(a => a.GetExportedTypes())
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(m => !m.IsSpecialName && IsAwaitable(m.ReturnType) && !Exempt.Contains(m.Name))
            .Where(m => m.GetBaseDefinition().DeclaringType?.Assembly is { } declaring && OurAssemblies.Shipped.Contains(declaring))
            .Select(m => new TestCaseData(m).SetName($"{m.DeclaringType!.FullName}.{m.Name}")); // exported methods have a declaring type

    [TestCaseSource(nameof(PublicAsyncMethods))]
    public void PublicAsyncMethod_EndsInAsyncAndTakesTokenLast(MethodInfo method)
    {
        var parameters = method.GetParameters();
        Assert.Multiple(() =>
        {
            Assert.That(method.Name, Does.EndWith("Async"));
            Assert.That(parameters, Is.Not.Empty, "no CancellationToken parameter");
            if (parameters.Length > 0)
            {
                Assert.That(parameters[^1].ParameterType, Is.EqualTo(typeof(CancellationToken)), "the last parameter is not a CancellationToken");
            }
        });
    }

    private static bool IsAwaitable(Type type) =>
        type == typeof(Task) || type == typeof(ValueTask)
        || (type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(Task<>) || type.GetGenericTypeDefinition() == typeof(ValueTask<>)));
}
