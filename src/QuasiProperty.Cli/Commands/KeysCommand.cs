using System.CommandLine;
using QuasiProperty.Reports.Signing;

namespace QuasiProperty.Cli.Commands;

/// <summary><c>qp keys generate</c> and <c>qp verify</c>: signing keys and offline verification.</summary>
internal static class KeysCommand
{
    public static Command Keys(TextWriter output, TextWriter error)
    {
        var folder = new Option<string>("--out") { Description = "Folder for the key files. Default: keys", DefaultValueFactory = _ => "keys", HelpName = "DIR" };
        var name = new Option<string>("--name") { Description = "File name stem. Default: qp-signing", DefaultValueFactory = _ => "qp-signing" };
        var generate = new Command("generate",
            "Create an ECDSA P-256 key pair for signing reports: NAME.pem (the private key, readable only by you; keep it " +
            "out of the repository and set QuasiProperty:Signing:PrivateKey to its path) and NAME.pub.pem (the public key " +
            "to give to companies, committees and auditors for 'qp verify'). Existing files are never overwritten.")
        {
            folder, name,
        };
        generate.SetAction(parse =>
        {
            try
            {
                var (privateFile, publicFile) = SigningKey.GenerateFiles(parse.GetValue(folder)!, parse.GetValue(name)!);
                using var key = SigningKey.Load(privateFile);
                output.WriteLine($"private key: {privateFile} (mode 600; never commit it)");
                output.WriteLine($"public key:  {publicFile}");
                output.WriteLine($"key id:      {key.KeyId}");
                output.WriteLine($"Sign with it: export QuasiProperty__Signing__PrivateKey={Path.GetFullPath(privateFile)}");
                return ExitCodes.Done;
            }
            catch (IOException e)
            {
                error.WriteLine($"qp: {e.Message}");
                return ExitCodes.OutputFailed;
            }
        });
        return new Command("keys", "Signing keys for reports.") { generate };
    }

    public static Command Verify(TextWriter output, TextWriter error)
    {
        var files = new Argument<string[]>("FILE")
        {
            Description = "A report (.html), its assessment (.json) or its envelope (.dsse.json); also summary.html or ledger.csv.",
            Arity = ArgumentArity.OneOrMore,
        };
        var key = new Option<string?>("--key")
        {
            Description = "The public key (PEM) of whoever should have signed. Default: QuasiProperty:Signing:PublicKey from configuration.",
            HelpName = "PUB",
        };
        var command = new Command("verify",
            "Check offline that a report, its JSON or its envelope is exactly what was signed, with nothing but the public key. " +
            "Says 'valid', or exactly what does not match. Exit code 0 when every file is valid, 1 otherwise.")
        {
            files, key,
        };
        command.SetAction(parse =>
        {
            var keyFile = parse.GetValue(key) ?? Settings.Root["QuasiProperty:Signing:PublicKey"];
            if (keyFile is null || !File.Exists(keyFile))
            {
                error.WriteLine(keyFile is null ? "qp: give the signer's public key with --key PUB" : $"qp: {keyFile} does not exist");
                return ExitCodes.Usage;
            }
            using var verification = VerificationKey.FromPem(File.ReadAllText(keyFile));
            var allValid = true;
            foreach (var file in parse.GetValue(files)!)
            {
                var verdict = ReportVerifier.Verify(file, verification);
                allValid &= verdict.Valid;
                (verdict.Valid ? output : error).WriteLine($"{file}: {(verdict.Valid ? "valid" : "INVALID")}");
                foreach (var finding in verdict.Findings) (verdict.Valid ? output : error).WriteLine($"  {finding}");
            }
            return allValid ? ExitCodes.Done : ExitCodes.InputRejected;
        });
        return command;
    }
}
