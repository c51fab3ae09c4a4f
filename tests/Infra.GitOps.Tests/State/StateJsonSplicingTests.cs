using System.Buffers;
using System.Collections.Immutable;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Infra.GitOps.Model;
using Infra.GitOps.Secrets;
using Infra.GitOps.State;
using Infra.GitOps.State.Serialization;
using NUnit.Framework;

namespace Infra.GitOps.Tests.State;

/// <summary>
/// A created state's journal line records only its new id and outputs; the checkpoint copies the rest from its begin's
/// resource JSON (<see cref="SerializedResource"/>): the result must be exactly what serializing the state writes, and
/// the line must read back as that state.
/// </summary>
public class StateJsonSplicingTests
{
    private static readonly SecretsCrypter Plain = SecretsCrypter.WithoutKey(null);

    private static IEnumerable<TestCaseData> Begun()
    {
        var domain = StateSamples.Domain("web", StateSamples.UrnOf("disk"), StateSamples.UrnOf("net"));
        yield return new TestCaseData(domain with { Id = null, Outputs = ObjectValue.Empty }).SetArgDisplayNames("creating, full");
        yield return new TestCaseData(domain).SetArgDisplayNames("begun with an id and outputs");
        yield return new TestCaseData(domain with { Id = null, Outputs = ObjectValue.Empty, Delete = true }).SetArgDisplayNames("delete flag");
        yield return new TestCaseData(new ResourceState
        {
            Urn = StateSamples.UrnOf("bare"),
            Custom = true,
            Type = new ResourceType("libvirt:index/network:Network"),
        }).SetArgDisplayNames("no inputs, nothing optional");
        yield return new TestCaseData(domain with
        {
            Id = null,
            Outputs = ObjectValue.Empty,
            Parent = null,
            Provider = null,
            Protect = true,
            RetainOnDelete = true,
            PendingReplacement = true,
            IgnoreChanges = ["memory", "tags.owner"],
            ReplaceOnChanges = ["name"],
            Created = StateSamples.Now,
            Modified = StateSamples.Now.AddMinutes(3),
            PropertyDependencies = ImmutableSortedDictionary.CreateRange(
                StringComparer.Ordinal,
                [KeyValuePair.Create("disk", ImmutableArray.Create(StateSamples.UrnOf("disk")))]),
        }).SetArgDisplayNames("every optional field");
    }

    private static IEnumerable<(string? Id, ObjectValue Outputs)> Results() =>
    [
        ("uuid-1", ObjectValue.Empty.With("ip", PropertyValue.Of("10.0.0.9")).With("size", PropertyValue.Of(20))),
        ("needs \"escaping\" \\ \u00e9\u0001", ObjectValue.Empty.With("nested", ObjectValue.Empty.With("a", new ArrayValue([PropertyValue.Of(1), NullValue.Instance])))),
        (null, ObjectValue.Empty),
        ("only-an-id", ObjectValue.Empty),
        (null, ObjectValue.Empty.With("x", PropertyValue.Of(true))),
    ];

    [TestCaseSource(nameof(Begun))]
    public void SucceedLine_NewIdAndOutputs_ComposesWhatSerializingTheStateWrites(ResourceState begun)
    {
        var (json, layout) = Write(begun);
        foreach (var (id, outputs) in Results())
        {
            var state = begun with { Id = id, Outputs = outputs };
            Assert.That(state.DiffersOnlyInIdAndOutputs(begun), Is.True);

            var (spliced, line) = Splice(state, json, layout);
            var read = JournalLineSerializer.Read(line.AsSpan(0, line.Length - 1), new StateReadContext(Plain));

            Assert.Multiple(() =>
            {
                Assert.That(Encoding.UTF8.GetString(spliced), Is.EqualTo(Encoding.UTF8.GetString(Write(state).Json)), $"id {id}, outputs {outputs.Properties.Count}");
                Assert.That(Encoding.UTF8.GetString(line), Does.Not.Contain("\"inputs\"").And.Not.Contain("\"newState\""), "only the id and the outputs");
                Assert.That(read, Is.EqualTo(new StepSucceededAsBegun(StepKey.Of(new PendingOperation(begun, PendingOperationType.Creating)), id, outputs)));
            });
        }
    }

    [Test]
    public void WriteResource_Layout_MarksTheIdAndOutputsFieldsExactly()
    {
        var state = StateSamples.Domain("web");
        var (json, layout) = Write(state);
        var text = Encoding.UTF8.GetString(json);

        Assert.Multiple(() =>
        {
            Assert.That(Encoding.UTF8.GetString(json[layout.AfterFlags..layout.AfterId]), Is.EqualTo(",\"id\":\"uuid-web\""));
            Assert.That(Encoding.UTF8.GetString(json[layout.AfterInputs..layout.AfterOutputs]), Does.StartWith(",\"outputs\":{"));
            Assert.That(Encoding.UTF8.GetString(json[layout.Inputs]), Does.StartWith("{\"memory\":256"));
            Assert.That(layout.End, Is.EqualTo(text.Length));
        });
    }

    [Test]
    public void SucceedLine_SecretInCopiedInputsAndNewOutputs_ReadsBackAsTheState()
    {
        var crypter = StateSamples.Passphrase().Open(null);
        var begun = StateSamples.Domain("web") with
        {
            Id = null,
            Outputs = ObjectValue.Empty,
            Inputs = ObjectValue.Empty.With("password", new SecretValue(PropertyValue.Of(StateSamples.Canary))),
        };
        var (json, layout) = Write(begun, crypter);
        var state = begun with { Id = "uuid-9", Outputs = ObjectValue.Empty.With("token", new SecretValue(PropertyValue.Of(StateSamples.Canary + "-out"))) };

        var (spliced, line) = Splice(state, json, layout, crypter);
        var reader = new Utf8JsonReader(spliced);
        reader.Read();
        var read = StateJson.ReadResource(ref reader, new StateReadContext(crypter));

        Assert.Multiple(() =>
        {
            Assert.That(Encoding.UTF8.GetString(spliced), Does.Not.Contain(StateSamples.Canary));
            Assert.That(Encoding.UTF8.GetString(line), Does.Not.Contain(StateSamples.Canary));
            Assert.That(read.Inputs, Is.EqualTo(state.Inputs));
            Assert.That(read.Outputs, Is.EqualTo(state.Outputs));
            Assert.That(read.Id, Is.EqualTo("uuid-9"));
        });
    }

    /// <summary>
    /// Every field of <see cref="ResourceState"/> but the id and the outputs, changed alone, makes the states differ in
    /// more: a field added to the record and forgotten in the check would copy stale JSON into the journal.
    /// </summary>
    [Test]
    public void DiffersOnlyInIdAndOutputs_AnyOtherFieldChanged_IsFalse()
    {
        var begun = StateSamples.Domain("web", StateSamples.UrnOf("disk")) with { Created = StateSamples.Now };
        var properties = typeof(ResourceState).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && p.Name is not (nameof(ResourceState.Id) or nameof(ResourceState.Outputs)))
            .ToList();

        Assert.That(properties, Has.Count.GreaterThanOrEqualTo(16), "the record's fields");
        foreach (var property in properties)
        {
            var changed = begun with { };
            property.SetValue(changed, OtherValue(property.PropertyType, property.GetValue(begun)));

            Assert.That(changed.DiffersOnlyInIdAndOutputs(begun), Is.False, property.Name);
        }

        Assert.That((begun with { Id = "x", Outputs = ObjectValue.Empty }).DiffersOnlyInIdAndOutputs(begun), Is.True);
    }

    private static object? OtherValue(Type type, object? current) => type switch
    {
        _ when type == typeof(Urn) => StateSamples.UrnOf("other"),
        _ when type == typeof(Urn?) => (Urn?)StateSamples.UrnOf("other-parent"),
        _ when type == typeof(bool) => !(bool)current!,
        _ when type == typeof(ResourceType) => new ResourceType("other:index:Other"),
        _ when type == typeof(string) => "other-provider",
        _ when type == typeof(ObjectValue) => ObjectValue.Empty.With("other", PropertyValue.Of(1)),
        _ when type == typeof(ImmutableArray<Urn>) => ImmutableArray.Create(StateSamples.UrnOf("other-dependency")),
        _ when type == typeof(ImmutableArray<string>) => ImmutableArray.Create("other"),
        _ when type == typeof(ImmutableSortedDictionary<string, ImmutableArray<Urn>>) =>
            ImmutableSortedDictionary.Create<string, ImmutableArray<Urn>>(StringComparer.Ordinal),
        _ when type == typeof(DateTimeOffset?) => (DateTimeOffset?)StateSamples.Now.AddDays(1),
        _ => throw new NotSupportedException($"a new field type {type}: teach this test (and DiffersOnlyInIdAndOutputs) about it"),
    };

    private static (byte[] Json, ResourceLayout Layout) Write(ResourceState state, SecretsCrypter? crypter = null)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, StateJson.WriterOptions(indented: false)))
        {
            StateJson.WriteResource(writer, state, crypter ?? Plain, ReadOnlySpan<byte>.Empty, out var layout);
            writer.Flush();
            return (buffer.WrittenSpan.ToArray(), layout);
        }
    }

    /// <summary>The succeed line of a create whose begin wrote <paramref name="begun"/>, and the state's JSON composed from both.</summary>
    private static (byte[] Composed, byte[] Line) Splice(ResourceState state, byte[] begun, ResourceLayout layout, SecretsCrypter? crypter = null)
    {
        var lineBuffer = new ArrayBufferWriter<byte>();
        using var writer = new Utf8JsonWriter(lineBuffer, StateJson.WriterOptions(indented: false));
        var step = StepKey.Of(new PendingOperation(state, PendingOperationType.Creating));
        var (parts, _) = JournalLineSerializer.WriteSucceed(
            writer, lineBuffer, step, state, crypter ?? Plain, begun, layout, BegunReuse.AllButIdAndOutputs);
        var line = lineBuffer.WrittenSpan.ToArray();
        Assert.That(parts.FromBegun, Is.True);

        var composed = new ArrayBufferWriter<byte>();
        new SerializedResource(default, begun, layout, line.AsMemory()[parts.Id], line.AsMemory()[parts.Outputs]).WriteTo(composed);
        return (composed.WrittenSpan.ToArray(), line);
    }
}
