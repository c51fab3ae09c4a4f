using System.Text;
using Infra.GitOps.Secrets;
using NUnit.Framework;

namespace Infra.GitOps.Tests.Secrets;

public class SecretsCrypterTests
{
    // Low iteration counts keep the tests fast; the default is measured by the benchmark's crypter figure.
    private const int TestIterations = 1_000;

    [Test]
    public void Encrypt_ThenDecrypt_ReturnsPlaintext()
    {
        var crypter = SecretsKeySource.FromPassphrase("correct horse", TestIterations).Open(null);

        var ciphertext = crypter.Encrypt("hunter2-ünïcode");

        Assert.That(crypter.Decrypt(ciphertext), Is.EqualTo("hunter2-ünïcode"));
    }

    [Test]
    public void Encrypt_Always_WritesV1NonceTagCiphertext()
    {
        var crypter = SecretsKeySource.FromKey(new byte[32]).Open(null);

        var ciphertext = crypter.Encrypt("abcd");

        Assert.Multiple(() =>
        {
            Assert.That(ciphertext, Does.StartWith("v1:"));
            Assert.That(Convert.FromBase64String(ciphertext[3..]), Has.Length.EqualTo(12 + 16 + 4));
        });
    }

    [Test]
    public void Encrypt_SameValueTwice_UsesFreshNonces()
    {
        var crypter = SecretsKeySource.FromKey(new byte[32]).Open(null);

        var first = crypter.Encrypt("same");
        var second = crypter.Encrypt("same");

        Assert.That(first, Is.Not.EqualTo(second));
    }

    [Test]
    public void Decrypt_WrongPassphrase_ThrowsClearMessageWithoutSecrets()
    {
        var right = SecretsKeySource.FromPassphrase("right-passphrase", TestIterations).Open(null);
        var ciphertext = right.Encrypt("canary-plaintext");
        var stateWithoutCheck = right.State! with { Check = null };
        var wrong = SecretsKeySource.FromPassphrase("wrong-passphrase", TestIterations).Open(stateWithoutCheck);

        var error = Assert.Throws<GitOpsException>(() => wrong.Decrypt(ciphertext));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Message, Does.Contain("passphrase").And.Contain("wrong"));
            Assert.That(error.Message, Does.Not.Contain("canary-plaintext").And.Not.Contain("wrong-passphrase").And.Not.Contain("right-passphrase"));
        });
    }

    [Test]
    public void Encrypt_WrongPassphraseForRecordedCheck_Throws()
    {
        var right = SecretsKeySource.FromPassphrase("right-passphrase", TestIterations).Open(null);
        right.EnsureKeyReady();
        var wrong = SecretsKeySource.FromPassphrase("wrong-passphrase", TestIterations).Open(right.State);

        var error = Assert.Throws<GitOpsException>(() => wrong.Encrypt("value"));

        Assert.That(error!.Message, Does.Contain(SecretsKeySource.PassphraseVariable).And.Contain("wrong"));
    }

    [Test]
    public void TryDecrypt_TamperedCiphertext_ReturnsFalse()
    {
        var crypter = SecretsKeySource.FromKey(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray()).Open(null);
        var bytes = Convert.FromBase64String(crypter.Encrypt("value")[3..]);
        bytes[^1] ^= 0x01;

        var ok = crypter.TryDecrypt("v1:" + Convert.ToBase64String(bytes), out var plaintext);

        Assert.Multiple(() =>
        {
            Assert.That(ok, Is.False);
            Assert.That(plaintext, Is.Empty);
        });
    }

    [TestCase("not-a-ciphertext")]
    [TestCase("v1:%%%")]
    [TestCase("v1:AAAA")]
    public void Decrypt_Malformed_ThrowsNamingFormat(string ciphertext)
    {
        var crypter = SecretsKeySource.FromKey(new byte[32]).Open(null);

        var error = Assert.Throws<GitOpsException>(() => crypter.Decrypt(ciphertext));

        Assert.That(error!.Message, Does.Contain("not a valid ciphertext"));
    }

    [Test]
    public void Decrypt_WithoutKeySource_TellsWhichVariableToSet()
    {
        var crypter = SecretsCrypter.WithoutKey(null);

        var error = Assert.Throws<GitOpsException>(() => crypter.Decrypt("v1:AAAA"));

        Assert.That(error!.Message, Does.Contain(SecretsKeySource.PassphraseVariable));
    }

    [Test]
    public void FromEnvironment_KeyAndPassphrase_KeyWins()
    {
        var key = Convert.ToBase64String(Enumerable.Repeat((byte)7, 32).ToArray());
        var variables = new Dictionary<string, string?>
        {
            [SecretsKeySource.KeyVariable] = key,
            [SecretsKeySource.PassphraseVariable] = "passphrase",
        };

        var source = SecretsKeySource.FromEnvironment(variables.GetValueOrDefault);

        Assert.That(source!.Type, Is.EqualTo(SecretsProviderState.KeyType));
    }

    [Test]
    public void FromEnvironment_OnlyPulumiPassphrase_UsesIt()
    {
        var variables = new Dictionary<string, string?> { [SecretsKeySource.PulumiPassphraseVariable] = "from-pulumi" };
        var viaPulumi = SecretsKeySource.FromEnvironment(variables.GetValueOrDefault)!.Open(null);
        var ciphertext = SecretsKeySource.FromPassphrase("from-pulumi").Open(viaPulumi.State).Encrypt("x");

        Assert.That(viaPulumi.Decrypt(ciphertext), Is.EqualTo("x"));
    }

    [Test]
    public void FromEnvironment_NothingSet_ReturnsNull()
    {
        Assert.That(SecretsKeySource.FromEnvironment(_ => null), Is.Null);
    }

    [TestCase("not base64!")]
    [TestCase("AAAA")]
    public void FromEnvironment_BadKey_Throws(string key)
    {
        var error = Assert.Throws<GitOpsException>(() => SecretsKeySource.FromEnvironment(name => name == SecretsKeySource.KeyVariable ? key : null));

        Assert.That(error!.Message, Does.Contain(SecretsKeySource.KeyVariable).And.Not.Contain(key));
    }

    [Test]
    public void Open_NewPassphraseStacks_GetDistinctSalts()
    {
        var source = SecretsKeySource.FromPassphrase("p", TestIterations);

        var first = source.Open(null).State!.Salt;
        var second = source.Open(null).State!.Salt;

        Assert.That(first, Is.Not.EqualTo(second));
    }

    [Test]
    public void Open_KeyStateWithPassphraseSource_ThrowsNamingKeyVariable()
    {
        var keyed = SecretsKeySource.FromKey(new byte[32]).Open(null);
        var passphrase = SecretsKeySource.FromPassphrase("p", TestIterations).Open(keyed.State);

        var error = Assert.Throws<GitOpsException>(() => passphrase.Encrypt("x"));

        Assert.That(error!.Message, Does.Contain(SecretsKeySource.KeyVariable));
    }

    [Test]
    public void ISecretDecrypter_StackFileValue_Decrypts()
    {
        var crypter = SecretsKeySource.FromPassphrase("p", TestIterations).Open(null);
        ISecretDecrypter decrypter = crypter;

        var ok = decrypter.TryDecrypt(crypter.Encrypt("db-password"), out var plaintext);

        Assert.Multiple(() =>
        {
            Assert.That(ok, Is.True);
            Assert.That(plaintext, Is.EqualTo("db-password"));
        });
    }
}
