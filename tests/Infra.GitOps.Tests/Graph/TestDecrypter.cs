using System.Text;
using Infra.GitOps.Secrets;

namespace Infra.GitOps.Tests.Graph;

/// <summary>A stand-in decrypter for graph tests: <c>v1:</c> + base64 of the plaintext; anything else fails.</summary>
internal sealed class TestDecrypter : ISecretDecrypter
{
    public static string Encrypt(string plaintext) => "v1:" + Convert.ToBase64String(Encoding.UTF8.GetBytes(plaintext));

    public bool TryDecrypt(string ciphertext, out string plaintext)
    {
        plaintext = string.Empty;
        if (!ciphertext.StartsWith("v1:", StringComparison.Ordinal))
        {
            return false;
        }

        try
        {
            plaintext = Encoding.UTF8.GetString(Convert.FromBase64String(ciphertext[3..]));
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
