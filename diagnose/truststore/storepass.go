package truststore

import "fmt"

// StorePasswordReport is the report when the password WHD's own JVM
// options give (-Djavax.net.ssl.trustStorePassword) does not open the
// truststore they name or default to. Java then fails every TLS connection
// WHD makes ("KeyManagementException: problem accessing trust store"),
// whatever the server: a failed check, not a local error of whdctl. where
// is the config file and line that set the property ("" when not known).
// The password itself is never part of the report.
func StorePasswordReport(t Target, store StoreRef, source, where string) *Report {
	f := FailStorePassword
	r := &Report{
		Host: t.Host, Port: t.Port,
		Truststore: store.Path, TruststoreType: string(store.Format), Source: source,
		Failure: &f, Chain: []CertInfo{}, Warnings: []string{},
		Message: fmt.Sprintf("WHD's own -D%s does not open its truststore %s (Java: \"Keystore was tampered with, or password was incorrect\"), "+
			"so every TLS connection WHD makes fails, to this server and to any other (\"KeyManagementException: problem accessing trust store\")",
			PropTrustStorePassword, store.Path),
	}
	in := "in the install's JVM options (JAVA_OPTS in conf/whd.conf; on Windows bin/wrapper/conf/wrapper_template.conf)"
	if where != "" {
		in = "in " + where
	}
	r.Fix = fmt.Sprintf("Correct -D%s %s to the password of %s (keytool -list -keystore %s asks for one and says whether it is right), "+
		"then restart WHD: Java reads the truststore when it starts.",
		PropTrustStorePassword, in, store.Path, quote(store.Path))
	return r
}

// MissingPasswordReport is the report when the install points Java at a
// password-protected PKCS12 truststore and gives no
// -Djavax.net.ssl.trustStorePassword: Java then reads none of its
// (encrypted) certificates and fails every TLS connection WHD makes with
// "the trustAnchors parameter must be non-empty". A failed check, as a
// wrong password is. where is the config file and line that names the
// store ("" when not known).
func MissingPasswordReport(t Target, store StoreRef, source, where string) *Report {
	f := FailStorePassword
	r := &Report{
		Host: t.Host, Port: t.Port,
		Truststore: store.Path, TruststoreType: string(store.Format), Source: source,
		Failure: &f, Chain: []CertInfo{}, Warnings: []string{},
		Message: fmt.Sprintf("WHD's truststore %s is a password-protected PKCS12 store and the install sets no -D%s, "+
			"so Java reads no certificate from it and every TLS connection WHD makes fails, to this server and to any other "+
			"(\"the trustAnchors parameter must be non-empty\")", store.Path, PropTrustStorePassword),
	}
	in := "to the install's JVM options (JAVA_OPTS in conf/whd.conf; on Windows bin/wrapper/conf/wrapper_template.conf)"
	if where != "" {
		in = "next to -D" + PropTrustStore + " in " + where
	}
	r.Fix = fmt.Sprintf("Add -D%s=<the store's password> %s (keytool -list -keystore %s asks for it and says whether it is right), "+
		"or point -D%s at a JKS or password-less store; then restart WHD: Java reads the truststore when it starts.",
		PropTrustStorePassword, in, quote(store.Path), PropTrustStore)
	return r
}
