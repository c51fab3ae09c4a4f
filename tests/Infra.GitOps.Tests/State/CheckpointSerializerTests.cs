using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using Infra.GitOps.Model;
using Infra.GitOps.Secrets;
using Infra.GitOps.State;
using Infra.GitOps.State.Serialization;
using NUnit.Framework;

namespace Infra.GitOps.Tests.State;

public class CheckpointSerializerTests
{
    private static readonly SecretsKeySource Source = StateSamples.Passphrase();

    public static IEnumerable<TestCaseData> MalformedDocuments()
    {
        yield return new TestCaseData("{\"version\":3,\"checkpoint\":{\"stack\":\"dev\",\n  \"latest\":{\"resources\":[{\"urn\":", 2, 33)
            .SetName("Read_Truncated_NamesEndPosition");
        yield return new TestCaseData("{\"version\":3,\n\"deployment\":{\"resources\":\"nope\"}}", 2, 27)
            .SetName("Read_ResourcesNotArray_NamesToken");
        yield return new TestCaseData("{\"version\":3,\"deployment\":{\n\"resources\":[\n{\"custom\":true}]}}", 3, 1)
            .SetName("Read_ResourceWithoutUrn_NamesResource");
        yield return new TestCaseData("{\"version\":2,\"deployment\":{}}", 1, 12)
            .SetName("Read_WrongVersion_NamesVersion");
        yield return new TestCaseData("{\"version\":3,\"deployment\":{\"resources\":[{\"urn\":\"u\",\"custom\":\"yes\"}]}}", 1, 61)
            .SetName("Read_CustomNotBool_NamesValue");
        yield return new TestCaseData("{\"version\":3,\"deployment\":{}} trailing", 1, 31)
            .SetName("Read_TrailingGarbage_NamesIt");
        yield return new TestCaseData("{\"version\":3,\"deployment\":{\"resources\":[{\"urn\":\"\\uD800\"}]}}", 1, 48)
            .SetName("Read_LoneSurrogate_NamesString");
        yield return new TestCaseData("{\"version\":3,\"deployment\":{\"resources\":[{\"urn\":\"u\",\"inputs\":{\"n\":1e400}}]}}", 1, 66)
            .SetName("Read_NumberOutOfRange_NamesNumber");
        yield return new TestCaseData("", 1, 1).SetName("Read_Empty_NamesStart");
        yield return new TestCaseData("[1,2]", 1, 1).SetName("Read_Array_NamesStart");
        yield return new TestCaseData("{\"version\":3}", 1, 1).SetName("Read_NoBody_NamesStart");
        yield return new TestCaseData("{\"x\":" + new string('[', 300), 1, 261).SetName("Read_HostileNesting_Refused");
    }

    [Test]
    public void WriteCheckpoint_ThenRead_RoundTripsEveryField()
    {
        var full = StateSamples.Full();
        var pending = new PendingOperation(StateSamples.Domain("half"), PendingOperationType.Creating);
        var snapshot = StateSamples.Snapshot(StateSamples.Stack(), StateSamples.Provider(), full) with { PendingOperations = [pending] };
        var crypter = Source.Open(null);

        var bytes = WriteCheckpoint(snapshot, crypter);
        var loaded = CheckpointSerializer.Read(bytes, "dev.json", Source.Open);

        Assert.Multiple(() =>
        {
            Assert.That(loaded.Stack, Is.EqualTo("organization/lab/dev"));
            Assert.That(StateShape.Of(loaded.Snapshot.Resources), Is.EqualTo(StateShape.Of(snapshot.Resources)));
            Assert.That(StateShape.Of(loaded.Snapshot.PendingOperations), Is.EqualTo(StateShape.Of(snapshot.PendingOperations)));
            Assert.That(loaded.Snapshot.Time, Is.EqualTo(snapshot.Time));
            Assert.That(loaded.Crypter.State!.Salt, Is.EqualTo(crypter.State!.Salt));
        });
    }

    [Test]
    public void ReadCrypter_CheckpointWithSecrets_OpensTheCrypterThatDecryptsThem()
    {
        var written = Source.Open(null);
        var bytes = WriteCheckpoint(StateSamples.Snapshot(StateSamples.Large(200).Resources.Add(StateSamples.Full()).ToArray()), written);

        var crypter = CheckpointSerializer.ReadCrypter(bytes, "dev.json", Source.Open);

        Assert.Multiple(() =>
        {
            Assert.That(crypter.State!.Salt, Is.EqualTo(written.State!.Salt));
            Assert.That(crypter.Decrypt(written.Encrypt(StateSamples.Canary)), Is.EqualTo(StateSamples.Canary));
        });
    }

    [Test]
    public void ReadCrypter_SecretsProviderAfterTheResources_IsFoundAllTheSame()
    {
        // Pulumi writes secrets_providers before resources; a file edited by hand may not.
        var written = Source.Open(null);
        var text = Encoding.UTF8.GetString(WriteDeployment(StateSamples.Snapshot(StateSamples.Full()), written));
        using var document = System.Text.Json.JsonDocument.Parse(text);
        var deployment = document.RootElement.GetProperty("deployment");
        var reordered = $"{{\"version\":3,\"deployment\":{{\"resources\":{deployment.GetProperty("resources").GetRawText()},\"secrets_providers\":{deployment.GetProperty("secrets_providers").GetRawText()}}}}}";

        var crypter = CheckpointSerializer.ReadCrypter(Encoding.UTF8.GetBytes(reordered), "dev.json", Source.Open);

        Assert.That(crypter.State!.Salt, Is.EqualTo(written.State!.Salt));
    }

    [Test]
    public void ReadCrypter_MalformedBeforeTheSecretsProvider_ThrowsNamingFileAndPosition()
    {
        var exception = Assert.Throws<GitOpsException>(() =>
            CheckpointSerializer.ReadCrypter("{\"version\":3,\n\"deployment\":{\"manifest\":tru}}"u8.ToArray(), "dev.json", Source.Open));

        Assert.That(exception!.Message, Does.StartWith("dev.json:2:"));
    }

    [Test]
    public void WriteCheckpoint_Secrets_OnlyCiphertextInFile()
    {
        var bytes = WriteCheckpoint(StateSamples.Snapshot(StateSamples.Full()), Source.Open(null));
        var text = Encoding.UTF8.GetString(bytes);

        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Not.Contain(StateSamples.Canary));
            Assert.That(text, Does.Contain("\"4dabf18193072939515e22adb298388d\": \"1b47061264138c4ac30d75fd1eb44270\""));
            Assert.That(text, Does.Contain("\"ciphertext\": \"v1:"));
        });
    }

    [Test]
    public void WriteCheckpoint_Unknown_WritesSentinel()
    {
        var text = Encoding.UTF8.GetString(WriteCheckpoint(StateSamples.Snapshot(StateSamples.Full()), Source.Open(null)));

        Assert.That(text, Does.Contain("\"ipAddress\": \"04da6b54-80e4-46f7-96ec-b56ff0331ba9\""));
    }

    [Test]
    public void WriteCheckpoint_Layout_IsPulumiFileBackendFormat()
    {
        var bytes = WriteCheckpoint(StateSamples.Snapshot(StateSamples.Stack()), Source.Open(null));
        using var document = JsonDocument.Parse(bytes);
        var root = document.RootElement;
        var latest = root.GetProperty("checkpoint").GetProperty("latest");

        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("version").GetInt32(), Is.EqualTo(3));
            Assert.That(root.GetProperty("checkpoint").GetProperty("config").ValueKind, Is.EqualTo(JsonValueKind.Object));
            Assert.That(latest.GetProperty("manifest").GetProperty("time").GetString(), Is.EqualTo("2026-11-26T06:00:00.0000000Z"));
            Assert.That(latest.GetProperty("manifest").GetProperty("magic").GetString(), Has.Length.EqualTo(64));
            Assert.That(latest.GetProperty("secrets_providers").GetProperty("type").GetString(), Is.EqualTo("passphrase"));
            Assert.That(latest.GetProperty("resources").GetArrayLength(), Is.EqualTo(1));
            Assert.That(latest.TryGetProperty("pending_operations", out _), Is.False);
            Assert.That(latest.GetProperty("metadata").ValueKind, Is.EqualTo(JsonValueKind.Object));
        });
    }

    [Test]
    public void WriteResource_Defaults_AreOmitted()
    {
        var minimal = new ResourceState { Urn = StateSamples.UrnOf("m"), Custom = true, Type = new ResourceType("libvirt:index/domain:Domain") };
        var bytes = WriteDeployment(StateSamples.Snapshot(minimal), SecretsCrypter.WithoutKey(null));
        using var document = JsonDocument.Parse(bytes);
        var resource = document.RootElement.GetProperty("deployment").GetProperty("resources")[0];

        Assert.That(resource.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "urn", "custom", "type" }));
    }

    [TestCase(0d, "0")]
    [TestCase(-0d, "-0")]
    [TestCase(5d, "5")]
    [TestCase(-7d, "-7")]
    [TestCase(1.5d, "1.5")]
    [TestCase(9007199254740991d, "9007199254740991")]
    [TestCase(9007199254740992d, "9007199254740992")]
    [TestCase(1e20d, "1E+20")]
    [TestCase(-1e-7d, "-1E-07")]
    public void WriteResource_Number_WritesShortestFormAndRoundTrips(double number, string expected)
    {
        // Integers take a fast path; its text must equal the double's own shortest form, and every value round-trip.
        var resource = new ResourceState
        {
            Urn = StateSamples.UrnOf("n"),
            Custom = true,
            Type = new ResourceType("libvirt:index/domain:Domain"),
            Inputs = ObjectValue.Empty.With("n", PropertyValue.Of(number)),
        };
        var bytes = WriteDeployment(StateSamples.Snapshot(resource), SecretsCrypter.WithoutKey(null));
        using var document = JsonDocument.Parse(bytes);
        var written = document.RootElement.GetProperty("deployment").GetProperty("resources")[0].GetProperty("inputs").GetProperty("n");
        var read = CheckpointSerializer.Read(bytes, "n.json", SecretsCrypter.WithoutKey).Snapshot.Resources[0].Inputs["n"];

        Assert.Multiple(() =>
        {
            Assert.That(written.GetRawText(), Is.EqualTo(expected));
            Assert.That(read, Is.EqualTo(PropertyValue.Of(number)));
            Assert.That(double.IsNegative(((NumberValue)read!).Value), Is.EqualTo(double.IsNegative(number)));
        });
    }

    [Test]
    public void WriteDeployment_ThenRead_RoundTripsExportFormat()
    {
        var snapshot = StateSamples.Snapshot(StateSamples.Stack(), StateSamples.Provider(), StateSamples.Full());
        var crypter = Source.Open(null);

        var bytes = WriteDeployment(snapshot, crypter);
        var loaded = CheckpointSerializer.Read(bytes, "export.json", Source.Open);

        Assert.Multiple(() =>
        {
            Assert.That(Encoding.UTF8.GetString(bytes), Does.StartWith("{\n    \"version\": 3,\n    \"deployment\": {"));
            Assert.That(loaded.Stack, Is.Null);
            Assert.That(StateShape.Of(loaded.Snapshot.Resources), Is.EqualTo(StateShape.Of(snapshot.Resources)));
        });
    }

    [Test]
    public void Read_PulumiExportSample_Imports()
    {
        // The resource is Pulumi Cloud's "Export Stack" sample (PULUMI-MODEL.md section 2), in a deployment as
        // `pulumi stack export` writes it: Go's nanosecond times, fields we do not model, a null input dependency.
        const string Export = """
            {
                "version": 3,
                "deployment": {
                    "manifest": {
                        "time": "2026-11-20T10:15:30.123456789+01:00",
                        "magic": "0ab1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f",
                        "version": "v3.140.0",
                        "plugins": [{"name": "aws", "path": "/p", "type": "resource", "version": "6.0.0"}]
                    },
                    "secrets_providers": {"type": "service", "state": {"url": "https://example.invalid", "owner": "o", "project": "demo", "stack": "dev-user1"}},
                    "resources": [
                        {
                            "urn": "urn:pulumi:dev-user1::demo::pulumi:pulumi:Stack::demo-dev-user1",
                            "custom": false,
                            "type": "pulumi:pulumi:Stack",
                            "outputs": {"vpcId": "vpc-04057e"},
                            "created": "2026-11-20T10:00:00.5Z",
                            "modified": "2026-11-20T10:00:00.987654321Z"
                        },
                        {
                            "urn": "urn:pulumi:dev-user1::demo::pulumi:providers:aws::default_3_32_0",
                            "custom": true,
                            "id": "d77c9fd7-0000-4000-8000-000000000000",
                            "type": "pulumi:providers:aws",
                            "inputs": {"region": "us-west-2", "version": "3.32.0"},
                            "outputs": {"region": "us-west-2", "version": "3.32.0"}
                        },
                        {"urn":"urn:pulumi:dev-user1::demo::aws:ec2/vpc:Vpc::main","custom":true,"id":"vpc-04057e",
                         "type":"aws:ec2/vpc:Vpc","inputs":{"cidrBlock":"10.0.0.0/16"},
                         "parent":"urn:pulumi:dev-user1::demo::pulumi:pulumi:Stack::demo-dev-user1",
                         "provider":"urn:pulumi:dev-user1::demo::pulumi:providers:aws::default_3_32_0::d77c9fd7-0000-4000-8000-000000000000",
                         "propertyDependencies":{"cidrBlock":null},
                         "additionalSecretOutputs": [], "customTimeouts": {"create": 60}, "external": false, "sourcePosition": "project:///index.ts#5,1"}
                    ],
                    "pending_operations": [
                        {"resource": {"urn": "urn:pulumi:dev-user1::demo::aws:s3/bucket:Bucket::logs", "custom": true, "type": "aws:s3/bucket:Bucket"}, "type": "creating"}
                    ],
                    "metadata": {}
                }
            }
            """;

        var loaded = CheckpointSerializer.Read(Encoding.UTF8.GetBytes(Export), "export.json", Source.Open);
        var vpc = loaded.Snapshot.Resources[2];

        Assert.Multiple(() =>
        {
            Assert.That(loaded.Snapshot.Resources, Has.Length.EqualTo(3));
            Assert.That(loaded.Snapshot.Time, Is.EqualTo(new DateTimeOffset(2026, 11, 20, 9, 15, 30, TimeSpan.Zero).AddTicks(1234567)));
            Assert.That(loaded.Snapshot.Resources[0].Custom, Is.False);
            Assert.That(loaded.Snapshot.Resources[0].Modified, Is.EqualTo(new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero).AddTicks(9876543)));
            Assert.That(vpc.Urn.Name, Is.EqualTo("main"));
            Assert.That(vpc.Type.Token, Is.EqualTo("aws:ec2/vpc:Vpc"));
            Assert.That(vpc.Id, Is.EqualTo("vpc-04057e"));
            Assert.That(vpc.Inputs["cidrBlock"], Is.EqualTo(PropertyValue.Of("10.0.0.0/16")));
            Assert.That(vpc.Parent, Is.EqualTo(loaded.Snapshot.Resources[0].Urn));
            Assert.That(vpc.Provider, Does.EndWith("::d77c9fd7-0000-4000-8000-000000000000"));
            Assert.That(vpc.PropertyDependencies["cidrBlock"], Is.Empty);
            Assert.That(loaded.Snapshot.PendingOperations.Single().Type, Is.EqualTo(PendingOperationType.Creating));
            Assert.That(loaded.Crypter.State!.Type, Is.EqualTo("service"));
        });
    }

    [Test]
    public void Read_PlaintextSecretFromShowSecretsExport_IsSecret()
    {
        const string Export = """
            {"version":3,"deployment":{"resources":[{"urn":"urn:pulumi:d::p::a:b:C::n","custom":true,"type":"a:b:C",
             "outputs":{"pw":{"4dabf18193072939515e22adb298388d":"1b47061264138c4ac30d75fd1eb44270","plaintext":"\"s3cret\""}}}]}}
            """;

        var loaded = CheckpointSerializer.Read(Encoding.UTF8.GetBytes(Export), "x.json", _ => SecretsCrypter.WithoutKey(null));

        Assert.That(loaded.Snapshot.Resources[0].Outputs["pw"], Is.EqualTo(new SecretValue(PropertyValue.Of("s3cret"))));
    }

    [Test]
    public void Read_CheckpointWithNullLatest_IsEmptyStack()
    {
        const string Checkpoint = """{"version":3,"checkpoint":{"stack":"organization/lab/dev","config":{},"latest":null}}""";

        var loaded = CheckpointSerializer.Read(Encoding.UTF8.GetBytes(Checkpoint), "dev.json", Source.Open);

        Assert.Multiple(() =>
        {
            Assert.That(loaded.Stack, Is.EqualTo("organization/lab/dev"));
            Assert.That(loaded.Snapshot.Resources, Is.Empty);
            Assert.That(loaded.Crypter.State!.Type, Is.EqualTo(SecretsProviderState.PassphraseType));
        });
    }

    [TestCaseSource(nameof(MalformedDocuments))]
    public void Read_Malformed_ThrowsNamingFileLineAndColumn(string json, int line, int column)
    {
        var error = Assert.Throws<GitOpsException>(
            () => CheckpointSerializer.Read(Encoding.UTF8.GetBytes(json), ".infra/state/dev.json", Source.Open));

        Assert.That(error!.Message, Does.StartWith($".infra/state/dev.json:{line}:{column}: "));
    }

    [Test]
    public void Read_TruncatedAnywhere_ThrowsGitOpsExceptionOnly()
    {
        var bytes = WriteCheckpoint(StateSamples.Snapshot(StateSamples.Stack(), StateSamples.Full()), Source.Open(null));
        var trimmed = bytes.AsSpan().TrimEnd("\n "u8).Length;
        var unexpected = new List<string>();

        for (var length = 0; length < trimmed; length += 3)
        {
            try
            {
                CheckpointSerializer.Read(bytes.AsSpan(0, length), "dev.json", Source.Open);
                unexpected.Add($"{length}: accepted");
            }
            catch (GitOpsException exception) when (exception.Message.StartsWith("dev.json:", StringComparison.Ordinal))
            {
            }
            catch (Exception exception)
            {
                unexpected.Add($"{length}: {exception.GetType().Name}: {exception.Message}");
            }
        }

        Assert.That(unexpected, Is.Empty);
    }

    [Test]
    public void Read_CorruptedBytes_ThrowsGitOpsExceptionOrReadsNeverCrashes()
    {
        var bytes = WriteCheckpoint(StateSamples.Snapshot(StateSamples.Stack(), StateSamples.Full()), Source.Open(null));
        var random = new Random(20261126);
        var unexpected = new List<string>();

        for (var round = 0; round < 2_000; round++)
        {
            var corrupted = (byte[])bytes.Clone();
            for (var flips = random.Next(1, 4); flips > 0; flips--)
            {
                corrupted[random.Next(corrupted.Length)] = (byte)random.Next(256);
            }

            try
            {
                CheckpointSerializer.Read(corrupted, "dev.json", Source.Open);
            }
            catch (GitOpsException exception)
            {
                if (exception.Message.Contains(StateSamples.Canary, StringComparison.Ordinal))
                {
                    unexpected.Add($"{round}: message shows the secret");
                }
            }
            catch (Exception exception)
            {
                unexpected.Add($"{round}: {exception.GetType().Name}: {exception.Message}");
            }
        }

        Assert.That(unexpected, Is.Empty);
    }

    [Test]
    public void Read_SecretsWithoutKey_ThrowsNamingFileAndVariable()
    {
        var bytes = WriteCheckpoint(StateSamples.Snapshot(StateSamples.Full()), Source.Open(null));

        var error = Assert.Throws<GitOpsException>(
            () => CheckpointSerializer.Read(bytes, "dev.json", SecretsCrypter.WithoutKey));

        Assert.That(error!.Message, Does.StartWith("dev.json: ").And.Contain(SecretsKeySource.PassphraseVariable));
    }

    [Test]
    public void Read_WrongPassphrase_ThrowsWithoutSecrets()
    {
        var bytes = WriteCheckpoint(StateSamples.Snapshot(StateSamples.Full()), Source.Open(null));
        var wrong = StateSamples.Passphrase("not-the-passphrase");

        var error = Assert.Throws<GitOpsException>(() => CheckpointSerializer.Read(bytes, "dev.json", wrong.Open));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Message, Does.Contain("wrong"));
            Assert.That(error.Message, Does.Not.Contain(StateSamples.Canary).And.Not.Contain("not-the-passphrase"));
        });
    }

    [Test]
    public void WriteCheckpoint_UnresolvedReference_ThrowsNamingResource()
    {
        var resource = StateSamples.Domain("ref") with
        {
            Inputs = ObjectValue.Empty.With("network", new ReferenceValue(StateSamples.UrnOf("net"), "name")),
        };

        var error = Assert.Throws<GitOpsException>(() => WriteCheckpoint(StateSamples.Snapshot(resource), Source.Open(null)));

        Assert.That(error!.Message, Does.Contain(resource.Urn.Value).And.Contain("unresolved reference"));
    }

    [Test]
    public void WriteCheckpoint_TenThousandResources_RoundTrips()
    {
        var snapshot = StateSamples.Large(10_000);

        var loaded = CheckpointSerializer.Read(WriteCheckpoint(snapshot, Source.Open(null)), "big.json", Source.Open);

        Assert.That(StateShape.Of(loaded.Snapshot.Resources), Is.EqualTo(StateShape.Of(snapshot.Resources)));
    }

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(3)]
    [TestCase(4_000)]
    public void WriteCheckpointFile_Resources_OneCompactLineEachAndTheSameDocument(int vms)
    {
        // The file form writes its resource lines past the JSON writer (and 4,000 resources pass its 1 MB chunk): the
        // document must be the one the writer writes, and pending operations and what follows must stay in place.
        var crypter = SecretsCrypter.WithoutKey(null);
        var snapshot = (vms == 0 ? StackSnapshot.Empty : StateSamples.Large(vms)) with
        {
            PendingOperations = [new PendingOperation(StateSamples.Domain("halfway") with { Id = null }, PendingOperationType.Creating)],
        };
        using var stream = new MemoryStream();
        CheckpointSerializer.WriteCheckpointFile(stream, "organization/lab/dev", snapshot, crypter, serialized: null);
        var text = Encoding.UTF8.GetString(stream.ToArray());
        using var file = JsonDocument.Parse(text);
        using var reference = JsonDocument.Parse(WriteCheckpoint(snapshot, crypter));
        var lines = text.Split('\n');
        var count = snapshot.Resources.Length;
        var resourceLines = lines.Where(l => l.StartsWith(new string(' ', 16) + "{\"urn\":", StringComparison.Ordinal)).ToList();
        var afterResources = lines.SkipWhile(l => !l.StartsWith(new string(' ', 12) + "\"resources\"", StringComparison.Ordinal)).Skip(count + 1).Take(2);

        Assert.Multiple(() =>
        {
            Assert.That(JsonElement.DeepEquals(file.RootElement, reference.RootElement), Is.True);
            Assert.That(resourceLines, Has.Count.EqualTo(count));
            Assert.That(resourceLines.Take(count - 1), Has.All.EndsWith("},"));
            Assert.That(count == 0 ? text : string.Join('\n', afterResources),
                count == 0 ? Does.Contain("\"resources\": [],") : Is.EqualTo(new string(' ', 12) + "],\n" + new string(' ', 12) + "\"pending_operations\": ["));
        });
    }

    private static byte[] WriteCheckpoint(StackSnapshot snapshot, SecretsCrypter crypter)
    {
        using var stream = new MemoryStream();
        CheckpointSerializer.WriteCheckpoint(stream, "organization/lab/dev", snapshot, crypter);
        return stream.ToArray();
    }

    private static byte[] WriteDeployment(StackSnapshot snapshot, SecretsCrypter crypter)
    {
        using var stream = new MemoryStream();
        CheckpointSerializer.WriteDeployment(stream, snapshot, crypter);
        return stream.ToArray();
    }
}
