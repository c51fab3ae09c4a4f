using System.Collections.Immutable;
using Infra.GitOps.Engine.Planning;
using Infra.GitOps.Model;
using Infra.GitOps.Providers;
using NUnit.Framework;

namespace Infra.GitOps.Tests.Engine.Planning;

public class PropertyDifferTests
{
    private static readonly (string Key, PropertyValue Value)[] Old =
    [
        ("b", new NumberValue(1)),
        ("d", new NumberValue(2)),
        ("f", new StringValue("same")),
        ("nested", Obj(("keep", new NumberValue(1)), ("x", new NumberValue(1)))),
    ];

    private static readonly (string Key, PropertyValue Value)[] New =
    [
        ("a", new NumberValue(0)),
        ("d", new NumberValue(3)),
        ("f", new StringValue("same")),
        ("g", new NumberValue(4)),
        ("nested", Obj(("keep", new NumberValue(1)), ("x", new NumberValue(2)), ("y", new NumberValue(3)))),
    ];

    [Test]
    public void Diff_InterleavedKeys_EveryChangedLeafInPathOrder()
    {
        var changes = PropertyDiffer.Diff(Obj(Old), Obj(New));

        Assert.That(changes.Select(c => (c.Path, c.Kind)), Is.EqualTo(new[]
        {
            ("a", PropertyDiffKind.Add),
            ("b", PropertyDiffKind.Delete),
            ("d", PropertyDiffKind.Update),
            ("g", PropertyDiffKind.Add),
            ("nested.x", PropertyDiffKind.Update),
            ("nested.y", PropertyDiffKind.Add),
        }));
    }

    [Test]
    public void Diff_EmptySides_AllAddedOrAllDeleted()
    {
        Assert.Multiple(() =>
        {
            Assert.That(PropertyDiffer.Diff(ObjectValue.Empty, Obj(New)).Select(c => c.Kind), Is.All.EqualTo(PropertyDiffKind.Add));
            Assert.That(PropertyDiffer.Diff(Obj(Old), ObjectValue.Empty).Select(c => c.Kind), Is.All.EqualTo(PropertyDiffKind.Delete));
            Assert.That(PropertyDiffer.Diff(Obj(Old), Obj(Old)), Is.Empty);
        });
    }

    [Test]
    public void Diff_MapsNotInOrdinalOrder_SameChangesAsOrdinal()
    {
        // An object built with another comparer (a caller's own dictionary) is diffed by key set, not by walking.
        var ordinal = PropertyDiffer.Diff(Obj(Old), Obj(New));
        var ignoringCase = PropertyDiffer.Diff(
            new ObjectValue(Obj(Old).Properties.WithComparers(StringComparer.OrdinalIgnoreCase)),
            new ObjectValue(Obj(New).Properties.WithComparers(StringComparer.OrdinalIgnoreCase)));

        Assert.That(ignoringCase.Select(c => (c.Path, c.Kind)), Is.EqualTo(ordinal.Select(c => (c.Path, c.Kind))));
    }

    private static ObjectValue Obj(params (string Key, PropertyValue Value)[] properties) =>
        ObjectValue.From(properties.Select(p => KeyValuePair.Create(p.Key, p.Value)));
}
