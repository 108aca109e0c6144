// Passwords given to command-line clients: each client's own flag or argument, in the places
// commands are written (scripts, Dockerfiles, CI YAML, Makefiles, Markdown, JSON and exec-form
// arrays, `\` continuations); prompts, ports, references and documentation values stay silent.
// Passwords are built at run time and are short and human-made (under the generic rule's floor).
import { describe, expect, it } from "vitest";
import { isCommandPassword } from "../src/scan/command.js";
import { scanText } from "../src/scan/index.js";
import { isSecretValue } from "../src/scan/values.js";
import { ALNUM, Rng } from "./scan-fixtures.js";

const rng = new Rng(20261205);

/** 8 characters of three kinds with one repeated: below the generic entropy floor (asserted). */
function humanPassword(): string {
  for (;;) {
    const a = rng.str(ALNUM, 5);
    const p = `${a}${a[2]}@9`;
    if (!isSecretValue(p, { password: true }) && /[a-z]/.test(p) && /[A-Z]/.test(p)) return p;
  }
}

const hits = (text: string, path: string) => scanText(`${text}\n`, { path });
const rules = (text: string, path: string): string[] => hits(text, path).map((f) => f.ruleId);

describe("command-line passwords", () => {
  const pw = humanPassword();
  const id = "command-line-password";

  it.each([
    ["restore.sh", `mysql -h db.internal -u root -p${pw} app`],
    ["restore.sh", `mysqldump -uroot -p'${pw}' --all-databases > all.sql`],
    ["restore.sh", `mariadb --user=app --password=${pw} -e 'SELECT 1'`],
    ["restore.sh", `PGPASSWORD=${pw} psql -h db.internal -U app app`],
    ["Dockerfile", `RUN redis-cli -h cache -p 6379 -a ${pw} ping`],
    ["Makefile", `ping:\n\tredis-cli --user app --pass "${pw}" ping`],
    ["deploy.sh", `sshpass -p '${pw}' ssh -p 2222 deploy@build.internal`],
    ["ci.yml", `steps:\n  - run: |\n      curl -fsS -u deploy:${pw} https://artifacts.internal/up`],
    [
      ".gitlab-ci.yml",
      `job:\n  script:\n    - wget --user=ci --password=${pw} https://files.internal/a`,
    ],
    ["login.sh", `docker login -u ci -p ${pw} registry.internal`],
    ["login.sh", `podman login registry.internal --username ci --password=${pw}`],
    ["Dockerfile", `RUN htpasswd -bc /etc/nginx/.htpasswd admin ${pw}`],
    ["auth.sh", `htpasswd -nbB admin '${pw}' >> users`],
    ["docs/ops.md", `Run \`mongosh -u admin -p ${pw} --authenticationDatabase admin\` there.`],
    ["az.ps1", `az login -u ops@corp.internal -p "${pw}"`],
    ["charts.sh", `helm repo add internal https://charts.internal --username ci --password ${pw}`],
    ["db.cmd", `sqlcmd -S sql01 -U sa -P ${pw} -Q "SELECT 1"`],
    ["tls.sh", `openssl pkcs12 -export -in c.pem -out c.p12 -passout pass:${pw}`],
    [
      "tls.sh",
      `keytool -importkeystore -srckeystore c.p12 -destkeystore a.jks -deststorepass ${pw}`,
    ],
    ["ldap.sh", `ldapsearch -x -D cn=admin,dc=corp -w ${pw} -b dc=corp`],
    ["ora.sh", `sqlplus -s app/${pw}@//db.internal:1521/ORCL`],
    ["mq.sh", `rabbitmqctl add_user app '${pw}'`],
    ["smb.sh", `smbclient //fs.internal/share -U svc%${pw} -c ls`],
    ["oc.sh", `oc login -u dev -p ${pw} https://api.cluster.internal:6443`],
    ["package.json", `{"scripts": {"db": "mysql -uroot -p\\"${pw}\\" app"}}`],
    ["compose.yml", `healthcheck:\n  test: ["CMD", "mysqladmin", "ping", "-uroot", "-p${pw}"]`],
    ["job.yaml", `command: ["sshpass", "-p", "${pw}", "ssh", "host"]`],
    ["deploy.sh", `mysql -h db.internal \\\n  -u root \\\n  -p${pw} \\\n  app < init.sql`],
    ["Makefile", `restore:\n\t@mysql -uroot -p${pw} < dump.sql`],
    ["k8s.sh", `kubectl exec -it db-0 -- mysql -uroot -p${pw}`],
    ["cred.ps1", `$s = ConvertTo-SecureString "${pw}" -AsPlainText -Force`],
    ["setup.bat", `net user svc_backup ${pw} /add`],
    ["map.bat", `net use Z: \\\\fs01\\share ${pw} /user:CORP\\svc`],
    ["rdp.bat", `cmdkey /generic:TERMSRV/host /user:ops /pass:${pw}`],
    ["rdp.sh", `xfreerdp /v:10.0.0.5 /u:admin /p:${pw}`],
    ["remote.bat", `psexec \\\\host -u admin -p ${pw} cmd`],
    ["cass.sh", `cqlsh -u cassandra -p ${pw} db.internal`],
    ["mq.sh", `rabbitmqadmin -u admin -p ${pw} list queues`],
    ["minio.sh", `mc alias set minio http://minio:9000 ops ${pw}`],
    ["sync.sh", `RSYNC_PASSWORD=${pw} rsync -a rsync://u@h/m .`],
    ["init.sh", `mysqladmin -uroot password ${pw}`],
    ["job.yaml", `command:\n  - redis-cli\n  - -h\n  - cache\n  - -a\n  - "${pw}"\nargs: []`],
  ])("should report a short password in %s: %s", (path, text) => {
    expect(rules(text, path), text).toContain(id);
  });

  it("should report a bearer token given to kubectl", () => {
    expect(rules(`kubectl --token=${rng.str(ALNUM, 40)} get pods`, "k.sh")).not.toEqual([]);
  });

  it("should report the password itself, on its own line of a continued command", () => {
    const text = `mysql -h db \\\n  -u root \\\n  -p'${pw}' app`;
    const found = hits(text, "r.sh");
    expect(found.map((f) => [f.line, f.column, f.endColumn])).toEqual([[3, 6, 6 + pw.length]]);
  });

  it.each([
    ["r.sh", "mysql -h db.internal -u root -p app"],
    ["r.sh", "mysql -u root -p -e 'SELECT 1'"],
    ["r.sh", 'mysql -u root -p"$MYSQL_PWD" app'],
    ["r.sh", "mysql -u root -p${DB_PASS} app"],
    ["r.sh", "mysql --user=app --password mydb2024"],
    ["r.md", "mysql -u <user> -p<password> <database>"],
    ["r.sh", "mysql -uroot -p**** app"],
    ["r.sh", "mysql -uroot -pchangeme app"],
    ["r.sh", "mysql -uroot -pS3cr3tP@ss app"],
    ["r.sh", "docker run -d -p 3306:3306 --name db mysql:8.0"],
    ["r.sh", "docker compose -p shop up -d"],
    ["r.sh", "redis-cli -h cache -p 6379 ping"],
    ["r.sh", 'redis-cli -a "${REDIS_PASSWORD}" ping'],
    ["r.sh", "psql -h db.internal -p 5432 -U app -d app"],
    ["r.sh", "PGPASSWORD=$DB_PASSWORD psql -h db -U app"],
    ["r.py", 'PGPASSWORD = os.environ["PGPASSWORD"]'],
    ["r.sh", "ssh -p 2222 deploy@build.internal"],
    ["r.sh", 'sshpass -p "$SSHPASS" ssh deploy@build.internal'],
    ["r.sh", "sshpass -e ssh -p 2222 deploy@build.internal"],
    ["r.sh", 'echo "$TOKEN" | docker login -u ci --password-stdin registry.internal'],
    ["r.sh", "curl -u admin https://status.internal/"],
    ["r.sh", 'curl -u "$USER:$TOKEN" https://status.internal/'],
    ["r.sh", "htpasswd -c /etc/nginx/.htpasswd admin"],
    ["r.sh", 'htpasswd -b .htpasswd admin "$ADMIN_PW"'],
    ["r.sh", "mongosh --port 27017 -u admin -p --authenticationDatabase admin"],
    ["r.sh", "kubectl --token=$(cat /var/run/secrets/token) get pods"],
    ["r.sh", "kubeadm join 10.0.0.1:6443 --token abcdef.0123456789abcdef"],
    ["r.sh", "openssl rsa -in k.pem -passin env:KEY_PASS -out p.pem"],
    ["r.sh", "openssl rsa -in k.pem -passin file:/run/secrets/kp -out p.pem"],
    ["r.sh", "keytool -list -keystore cacerts -storepass changeit"],
    ["r.sh", "sqlplus / as sysdba"],
    ["r.sh", "sqlplus scott/tiger@orcl"],
    ["r.ps1", "sqlcmd -S sql01 -U sa -P $env:SA_PASSWORD -Q 'SELECT 1'"],
    ["r.sh", "az login -u ops@corp.internal -p <password>"],
    ["r.yml", "image: mysql:8.0"],
    ["r.sh", "wget --user=ci --password=YOUR_PASSWORD https://files.internal/"],
    ["r.js", "const cmd = `mysql -uroot -p${password} ${db}`;"],
    ["r.py", "cmd = f'mysql -uroot -p{pw} db'"],
    ["r.py", "cmd = 'mysql -uroot -p%s db' % pw"],
    ["r.rb", 'system("mysql -uroot -p#{pw}")'],
    ["r.yml", 'test: ["CMD", "mysqladmin", "ping", "-p$$MYSQL_ROOT_PASSWORD"]'],
    ["r.md", "The mysql -p option prompts for a password."],
    ["r.yaml", "command:\n  - mysql\n  - -uroot\n  - -p\nother:\n  - -pS3cr3tX9y"],
    ["r.ps1", "$s = ConvertTo-SecureString $encrypted"],
    ["r.ps1", 'ConvertTo-SecureString "$pw" -AsPlainText -Force'],
    ["r.bat", "net user svc_backup * /add"],
    ["r.bat", "net user administrator /active:yes"],
    ["r.sh", "xfreerdp /v:host /u:admin /p:%RDP_PASS%"],
    ["r.sh", "rabbitmqadmin -u guest -p guest list queues"],
    ["r.sh", "mc alias set local http://localhost:9000 minioadmin minioadmin"],
  ])("should not report %s: %s", (path, text) => {
    expect(rules(text, path), text).toEqual([]);
  });

  it("should take human-made passwords and refuse prompts and references", () => {
    expect(isCommandPassword(pw)).toBe(true);
    for (const v of ["", "3306", "$PW", "%PW%", "{{ pw }}", "<pw>", "changeme", "P@ssw0rd!"])
      expect(isCommandPassword(v), v).toBe(false);
  });
});

describe("command-line credentials of HTTPie, Vault and the AWS CLI", () => {
  const pw = humanPassword();
  const vaultToken = `s.${rng.str(ALNUM, 24)}`;
  const awsSecret = rng.str(`${ALNUM}+/`, 40);
  const id = "command-line-password";

  it.each([
    ["api.sh", `http -a admin:${pw} GET https://api.internal/v1/me`],
    ["api.sh", `https --auth admin:${pw} api.internal/v1/me`],
    ["api.sh", `https --verify=no --auth=admin:'${pw}' POST api.internal/v1/jobs`],
    ["docs/api.md", `Call \`http -a ci:${pw} :8080/health\` from the bastion.`],
    ["login.sh", `vault login ${vaultToken}`],
    ["login.sh", `vault login -address=https://vault.internal:8200 ${vaultToken}`],
    [".gitlab-ci.yml", `deploy:\n  script:\n    - vault login -no-print ${vaultToken}`],
    ["setup.sh", `aws configure set aws_secret_access_key ${awsSecret}`],
    ["setup.sh", `aws configure set default.aws_secret_access_key ${awsSecret} --profile ci`],
    ["Dockerfile", `RUN aws configure set aws_session_token ${awsSecret}${rng.str(ALNUM, 20)}`],
  ])("should report the credential in %s: %s", (path, text) => {
    expect(rules(text, path), text).toContain(id);
  });

  it.each([
    ["api.sh", "http -a admin https://api.internal/v1/me"],
    ["api.sh", 'http -a "$API_USER:$API_PASSWORD" https://api.internal/v1/me'],
    ["api.sh", "http --auth-type=bearer -a $TOKEN api.internal"],
    ["api.md", "http -a <user>:<password> api.internal"],
    ["serve.sh", "python -m http.server 8000"],
    ["login.sh", "vault login"],
    ["login.sh", 'vault login "$VAULT_TOKEN"'],
    ["login.sh", "vault login -method=userpass username=ops"],
    ["login.sh", "vault login -method=oidc role=dev"],
    ["login.md", "vault login <token>"],
    ["login.sh", "vault login -"],
    ["setup.sh", "aws configure set region eu-west-1"],
    ["setup.sh", "aws configure set aws_access_key_id $AWS_ACCESS_KEY_ID"],
    ["setup.sh", 'aws configure set aws_secret_access_key "$AWS_SECRET_ACCESS_KEY"'],
    ["setup.md", "aws configure set aws_secret_access_key YOUR_SECRET_KEY"],
    ["setup.sh", "aws configure list --profile ci"],
  ])("should not report %s: %s", (path, text) => {
    expect(rules(text, path), text).toEqual([]);
  });
});

describe("secrets piped into a command that reads them from standard input", () => {
  const pw = humanPassword();
  const token = rng.str(ALNUM, 40);
  const id = "command-line-password";

  it.each([
    ["deploy.sh", `echo "${pw}" | docker login -u ci --password-stdin registry.internal`],
    ["deploy.sh", `echo -n '${pw}' | podman login --username ci --password-stdin quay.internal`],
    ["deploy.sh", `printf '%s' "${pw}" | helm registry login reg.internal -u ci --password-stdin`],
    ["deploy.sh", `printf '${pw}' | oras login -u ci --password-stdin reg.internal`],
    [".gitlab-ci.yml", `job:\n  script:\n    - echo ${pw} | docker login -u ci --password-stdin`],
    ["setup.sh", `echo "deploy:${pw}" | chpasswd`],
    ["setup.sh", `echo 'root:${pw}' | sudo chpasswd`],
    ["Dockerfile", `RUN echo "app:${pw}" | /usr/sbin/chpasswd && rm -rf /tmp/*`],
    ["setup.sh", `echo "${pw}" | passwd --stdin deploy`],
    ["setup.sh", `echo '${pw}' | sudo -S apt-get install -y nginx`],
    ["setup.sh", `echo ${token} | gh auth login --with-token`],
    ["setup.sh", `echo ${token} | vault login -`],
    ["deploy.sh", `docker login -u ci --password-stdin registry.internal <<< "${pw}"`],
    ["deploy.sh", `echo "${pw}" | \\\n  docker login -u ci --password-stdin reg.internal`],
    ["deploy.sh", `echo 'app:${pw}' \\\n  | chpasswd`],
    [
      "package.json",
      `{"scripts": {"login": "echo \\"${pw}\\" | docker login -u ci --password-stdin"}}`,
    ],
  ])("should report the secret in %s: %s", (path, text) => {
    const found = hits(text, path);
    expect(
      found.map((f) => f.ruleId),
      text,
    ).toContain(id);
    // At the secret itself.
    const f = found.find((x) => x.ruleId === id)!;
    const line = text.split("\n")[f.line - 1]!;
    expect(line.slice(f.column - 1, (f.endColumn ?? 0) - 1), text).toBe(
      text.includes(pw) ? pw : token,
    );
  });

  it.each([
    ["r.sh", 'echo "$REGISTRY_PASSWORD" | docker login -u ci --password-stdin registry.internal'],
    ["r.sh", 'echo "${{ secrets.REGISTRY_TOKEN }}" | docker login ghcr.io -u bot --password-stdin'],
    ["r.sh", "cat ~/.docker-pass | docker login -u ci --password-stdin"],
    ["r.sh", 'echo "deploy:$DEPLOY_PASSWORD" | chpasswd'],
    ["r.sh", 'echo "root:changeme" | chpasswd'],
    ["r.md", "echo '<password>' | docker login -u <user> --password-stdin"],
    ["r.sh", 'echo "Logging in to the registry" | tee -a deploy.log'],
    ["r.sh", `echo "${pw}" | sha256sum`],
    ["r.sh", `echo "${pw}" | base64 --decode > out.bin`],
    ["r.sh", 'echo "$GH_TOKEN" | gh auth login --with-token'],
    ["r.sh", "echo $VAULT_TOKEN | vault login -"],
    ["r.sh", 'docker login -u ci --password-stdin <<< "$CI_REGISTRY_PASSWORD"'],
    ["r.sh", 'echo "$SUDO_PW" | sudo -S true'],
  ])("should not report %s: %s", (path, text) => {
    expect(rules(text, path), text).toEqual([]);
  });
});
