using System.Buffers;
using System.Text;
using System.Text.Json;
using Infra.GitOps.Model;
using Infra.GitOps.Secrets;
using Infra.GitOps.State;
using Infra.GitOps.State.Serialization;
using NUnit.Framework;

namespace Infra.GitOps.Tests.State;

/// <summary>
/// Outputs that are the inputs plus new members (what providers mostly return) copy the inputs' members from the JSON
/// their begin wrote (<see cref="StateJson.WriteOutputs"/>); the bytes must be exactly what serializing them writes, and
/// any other outputs are serialized.
/// </summary>
public class StateJsonOutputsTests
{
    private static readonly SecretsCrypter Plain = SecretsCrypter.WithoutKey(null);

    // Inputs memory, name, running: new members before all of them, between, after, and several at once.
    private static IEnumerable<TestCaseData> Added()
    {
        ObjectValue Over(ObjectValue inputs, params (string Key, PropertyValue Value)[] added) =>
            added.Aggregate(inputs, (outputs, member) => outputs.With(member.Key, member.Value));
        var inputs = StateSamples.Domain("web").Inputs;
        yield return new TestCaseData(inputs, Over(inputs, ("id", PropertyValue.Of("uuid-1")))).SetArgDisplayNames("before the first");
        yield return new TestCaseData(inputs, Over(inputs, ("n", PropertyValue.Of(1)))).SetArgDisplayNames("between two");
        yield return new TestCaseData(inputs, Over(inputs, ("zzz", ObjectValue.Empty.With("a", new ArrayValue([PropertyValue.Null]))))).SetArgDisplayNames("after the last");
        yield return new TestCaseData(inputs, Over(inputs, ("a", PropertyValue.Of(true)), ("mz", PropertyValue.Of("é \"q\"")), ("s", PropertyValue.Of(2.5)), ("zz", PropertyValue.Null)))
            .SetArgDisplayNames("four at once");
        var one = ObjectValue.Empty.With("only", PropertyValue.Of("x"));
        yield return new TestCaseData(one, Over(one, ("id", PropertyValue.Of("i")))).SetArgDisplayNames("one input");
    }

    // Outputs the inputs' JSON cannot give: serialized in full.
    private static IEnumerable<TestCaseData> Other()
    {
        var inputs = StateSamples.Domain("web").Inputs;
        yield return new TestCaseData(inputs, inputs.With("memory", PropertyValue.Of(512)).With("id", PropertyValue.Of("i"))).SetArgDisplayNames("an input changed");
        yield return new TestCaseData(inputs, new ObjectValue(inputs.Properties.Remove("running")).With("id", PropertyValue.Of("i"))).SetArgDisplayNames("an input missing");
        yield return new TestCaseData(inputs, inputs).SetArgDisplayNames("nothing new");
        yield return new TestCaseData(inputs, Enumerable.Range(0, StateJson.MaxNewOutputs + 1).Aggregate(inputs, (o, i) => o.With("extra" + i, PropertyValue.Of(i))))
            .SetArgDisplayNames("too many new");
        var wide = Enumerable.Range(0, MemberOffsets.Capacity + 1).Aggregate(ObjectValue.Empty, (o, i) => o.With("k" + i, PropertyValue.Of(i)));
        yield return new TestCaseData(wide, wide.With("id", PropertyValue.Of("i"))).SetArgDisplayNames("inputs too wide to note");
        yield return new TestCaseData(ObjectValue.Empty, ObjectValue.Empty.With("id", PropertyValue.Of("i"))).SetArgDisplayNames("no inputs");
    }

    [TestCaseSource(nameof(Added))]
    [TestCaseSource(nameof(Other))]
    public void WriteOutputs_OverBegunInputs_WritesWhatSerializingThemWrites(ObjectValue inputs, ObjectValue outputs)
    {
        var begun = StateSamples.Domain("web") with { Id = null, Inputs = inputs, Outputs = ObjectValue.Empty };
        var (json, layout) = WriteResource(begun, Plain);

        var written = WriteOutputs(outputs, inputs, json.AsSpan()[layout.Inputs], layout.InputMembers, Plain);

        Assert.That(written, Is.EqualTo(Serialize(outputs, Plain)));
    }

    [TestCaseSource(nameof(Added))]
    public void WriteOutputs_NewMembersOverInputsWithASecret_CopiesTheInputsAndReadsBack(ObjectValue inputs, ObjectValue outputs)
    {
        // The secret's ciphertext shows the inputs were copied, not serialized (that would encrypt it with a fresh nonce).
        var crypter = StateSamples.Passphrase().Open(null);
        var secret = new SecretValue(PropertyValue.Of(StateSamples.Canary));
        var withSecret = inputs.With("pw", secret);
        var begun = StateSamples.Domain("web") with { Id = null, Inputs = withSecret, Outputs = ObjectValue.Empty };
        var (json, layout) = WriteResource(begun, crypter);
        using var begunInputs = JsonDocument.Parse(json.AsMemory()[layout.Inputs]);

        var written = WriteOutputs(outputs.With("pw", secret), withSecret, json.AsSpan()[layout.Inputs], layout.InputMembers, crypter);
        using var document = JsonDocument.Parse(written);
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(written));
        reader.Read();
        var read = StateJson.ReadValue(ref reader, new StateReadContext(crypter));

        Assert.Multiple(() =>
        {
            Assert.That(document.RootElement.GetProperty("pw").GetRawText(), Is.EqualTo(begunInputs.RootElement.GetProperty("pw").GetRawText()));
            Assert.That(document.RootElement.EnumerateObject().Select(p => p.Name), Is.Ordered.Using((IComparer<string>)StringComparer.Ordinal));
            Assert.That(read, Is.EqualTo(outputs.With("pw", secret)));
        });
    }

    [Test]
    public void WriteOutputs_SecretAmongCopiedInputs_KeepsItsCiphertextAndReadsBack()
    {
        // Encrypting again would give another ciphertext (a fresh nonce): the same one shows the member was copied.
        var crypter = StateSamples.Passphrase().Open(null);
        var inputs = StateSamples.Full().Inputs;
        var outputs = inputs.With("id", PropertyValue.Of("uuid-9")).With("token", new SecretValue(PropertyValue.Of(StateSamples.Canary + "-out")));
        var begun = StateSamples.Full() with { Id = null, Outputs = ObjectValue.Empty };
        var (json, layout) = WriteResource(begun, crypter);
        var inputsJson = Encoding.UTF8.GetString(json.AsSpan()[layout.Inputs]);

        var written = WriteOutputs(outputs, inputs, json.AsSpan()[layout.Inputs], layout.InputMembers, crypter);
        using var document = JsonDocument.Parse(written);
        using var begunInputs = JsonDocument.Parse(inputsJson);
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(written));
        reader.Read();
        var read = StateJson.ReadValue(ref reader, new StateReadContext(crypter));

        Assert.Multiple(() =>
        {
            Assert.That(written, Does.Not.Contain(StateSamples.Canary));
            Assert.That(document.RootElement.GetProperty("password").GetRawText(), Is.EqualTo(begunInputs.RootElement.GetProperty("password").GetRawText()));
            Assert.That(read, Is.EqualTo(outputs));
        });
    }

    [Test]
    public void WriteResource_InputsCopiedFromAnotherLine_NotesNoMembers()
    {
        // Copied inputs were not walked: their members are unknown, and outputs over them are serialized.
        var state = StateSamples.Domain("web");
        var (json, layout) = WriteResource(state, Plain);
        var buffer = new ArrayBufferWriter<byte>();
        using var writer = new Utf8JsonWriter(buffer, StateJson.WriterOptions(indented: false));
        StateJson.WriteResource(writer, state, Plain, json.AsSpan()[layout.Inputs], out var copied);

        Assert.Multiple(() =>
        {
            Assert.That(layout.InputMembers.Count, Is.EqualTo(3));
            Assert.That(Encoding.UTF8.GetString(json.AsSpan()[layout.Inputs][layout.InputMembers[1]..]), Does.StartWith(",\"name\":"));
            Assert.That(copied.InputMembers.IsComplete, Is.False);
        });
    }

    private static (byte[] Json, ResourceLayout Layout) WriteResource(ResourceState state, SecretsCrypter crypter)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using var writer = new Utf8JsonWriter(buffer, StateJson.WriterOptions(indented: false));
        StateJson.WriteResource(writer, state, crypter, ReadOnlySpan<byte>.Empty, out var layout);
        writer.Flush();
        return (buffer.WrittenSpan.ToArray(), layout);
    }

    private static string WriteOutputs(ObjectValue outputs, ObjectValue inputs, ReadOnlySpan<byte> inputsJson, in MemberOffsets members, SecretsCrypter crypter)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using var writer = new Utf8JsonWriter(buffer, StateJson.WriterOptions(indented: false));
        StateJson.WriteOutputs(writer, outputs, inputs, inputsJson, members, crypter, StateSamples.UrnOf("web"));
        writer.Flush();
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string Serialize(ObjectValue value, SecretsCrypter crypter)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using var writer = new Utf8JsonWriter(buffer, StateJson.WriterOptions(indented: false));
        StateJson.WriteValue(writer, value, crypter, StateSamples.UrnOf("web"));
        writer.Flush();
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
