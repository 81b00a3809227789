package aadsts

import "sort"

// Entry explains one AADSTS code for a WHD setup.
type Entry struct {
	Code    int
	Name    string // Microsoft's name for the code; "" where Microsoft gives none
	Summary string // one-line meaning
	Cause   string // the likely cause in a WHD setup
	Fix     string // the fix, in WHD's and Azure's menus
}

// Lookup returns the catalogue entry for code.
func Lookup(code int) (Entry, bool) {
	e, ok := catalogue[code]
	return e, ok
}

// Catalogue returns every entry, sorted by code.
func Catalogue() []Entry {
	out := make([]Entry, 0, len(catalogue))
	for _, e := range catalogue {
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out
}

// Menu paths used by the fixes.
const (
	reauth     = "In WHD: Setup > Email > Outgoing Mail Accounts > <account> > Re-Authorize, sign in as the mailbox user, accept, then Save."
	appReg     = "Microsoft Entra admin center > Identity > Applications > App registrations > <WHD app>"
	entApp     = "Microsoft Entra admin center > Identity > Applications > Enterprise applications > <WHD app>"
	signInLogs = "Microsoft Entra admin center > Identity > Monitoring & health > Sign-in logs"
	caPolicies = "Microsoft Entra admin center > Protection > Conditional Access > Policies"
	userPage   = "Microsoft 365 admin center > Users > Active users > <mailbox user>"
	newSecret  = "In " + appReg + " > Certificates & secrets > Client secrets > New client secret, copy the Value column (shown only once, not the Secret ID), " +
		"paste it into WHD's Setup > Email > Outgoing Mail Accounts > <account> > Client Secret, Save, then Re-Authorize."
	consent = "In " + appReg + " > API permissions, keep the delegated Microsoft Graph permissions Mail.Send and Mail.Send.Shared, " +
		"click Grant admin consent for <tenant> (a Global or Privileged Role Administrator must do it), then Re-Authorize in WHD: Setup > Email > Outgoing Mail Accounts > <account>."
	webRedirect = "Register WHD's exact redirect URI (run 'whdctl diagnose redirect' to print it) under " + appReg +
		" > Authentication > Platform configurations > Web > Redirect URIs, Save, then click Authorize again in WHD: Setup > Email > Outgoing Mail Accounts > <account>."
	ids = "Copy the Application (client) ID and Directory (tenant) ID from " + appReg + " > Overview into WHD's Setup > Email > Outgoing Mail Accounts > <account> " +
		"(Client ID, Tenant ID), Save, then Re-Authorize."
	sameCloud = "Make AzureTokenURL, AzureAuthorizationURL, AzureAuthorizationScope and ExchangeServiceURL all point at the tenant's cloud " +
		"(global: login.microsoftonline.com, graph.microsoft.com, outlook.office365.com) in whd.conf or wrapper_template.conf ('whdctl patch-conf --cloud' writes a consistent set), restart WHD, then Re-Authorize."
	scopeFix = "Set -DAzureAuthorizationScope to exactly offline_access%20https://graph.microsoft.com/.default (%20, not a space; the graph host of your cloud) " +
		"in whd.conf (Linux/macOS) or wrapper_template.conf (Windows), restart WHD, then Re-Authorize; 'whdctl validate' shows the value in effect."
)

var catalogue = map[int]Entry{}

func add(es ...Entry) {
	for _, e := range es {
		if _, dup := catalogue[e.Code]; dup {
			panic("aadsts: duplicate catalogue entry")
		}
		catalogue[e.Code] = e
	}
}

// Token lifetime and revocation: WHD's stored refresh token no longer works.
func init() {
	add(
		Entry{700082, "ExpiredOrRevokedGrantInactiveToken",
			"The refresh token expired because it was not used for too long (90 days by default).",
			"WHD did not use the outgoing mail account's token for 90 days: no mail went out through the account, WHD was stopped, or the account was disabled, so the refresh token it stored lapsed.",
			reauth + " To prevent it, re-authorize (or send mail through the account) before 90 days without use pass."},
		Entry{70008, "ExpiredOrRevokedGrant",
			"The authorization code or refresh token has expired or was revoked.",
			"Either the code from the Authorize round-trip was redeemed too late (codes live for minutes), or the refresh token WHD stored is past its lifetime or was revoked.",
			reauth + " Finish the Microsoft sign-in without pausing."},
		Entry{50173, "FreshTokenNeeded",
			"The grant was revoked, so a new sign-in is needed.",
			"The mailbox user's password was changed or reset, or an admin revoked the user's sessions; that voids the refresh token WHD stored.",
			reauth + " If the password changes on a schedule, re-authorize after each change."},
		Entry{70043, "BadTokenDueToSignInFrequency",
			"The refresh token is older than the sign-in frequency a Conditional Access policy allows.",
			"A Conditional Access policy with a Sign-in frequency session control covers the mailbox user or all cloud apps, so WHD's token lapses after that period however often it is used.",
			reauth + " To stop it recurring, exclude the WHD app (or the mail user) from the policy's sign-in frequency: " + caPolicies + " > <policy> > Session > Sign-in frequency."},
		Entry{700003, "",
			"The device object the token was bound to no longer exists in the directory.",
			"The token was tied to a device that was deleted or disabled in Entra ID (for example by a stale-device clean-up), which voids its tokens.",
			reauth + " Use a browser on a device that is still registered, or a private window."},
		Entry{700084, "",
			"The refresh token was issued to a single-page app and has a short fixed lifetime (24 hours).",
			"WHD's redirect URI is registered under the 'Single-page application' platform, so Entra hands out 24-hour refresh tokens and WHD loses the connection daily.",
			"In " + appReg + " > Authentication, delete the URI from 'Single-page application' and add it under 'Web'; then " + lower(reauth)},
		Entry{70000, "InvalidGrant",
			"The grant (authorization code or refresh token) is invalid, or covers scopes nobody consented to.",
			"The refresh token WHD stored is damaged or was issued for other permissions, or the requested scope asks for permissions that were never consented.",
			consent},
		Entry{9002313, "InvalidRequest",
			"The request is malformed: a parameter is damaged or was altered.",
			"A value in WHD's token request is broken: an authorization code or refresh token cut short or rewritten in transit (a proxy or TLS inspection box), or a -D property with a literal space or stray quotes.",
			"Check the five Microsoft 365 -D properties with 'whdctl validate', make sure no proxy rewrites traffic to login.microsoftonline.com, then " + lower(reauth)},
		Entry{54005, "",
			"The authorization code was already redeemed.",
			"The same code was sent twice: the oauth-redirect page was reloaded or opened again from the browser history, or the exchange was retried.",
			"Start again from the Authorize (or Re-Authorize) button in WHD: Setup > Email > Outgoing Mail Accounts > <account>; do not reload or go back to the redirect page."},
		Entry{700005, "InvalidGrantRedeemAgainstWrongTenant",
			"The authorization code was redeemed against a tenant other than the one that issued it.",
			"The Tenant ID in WHD's account is not the tenant the user signed in to, or AzureAuthorizationURL and AzureTokenURL point at different tenants or clouds.",
			ids},
		Entry{70019, "CodeExpired",
			"The verification code expired.",
			"The sign-in was left unfinished too long.",
			reauth + " Finish the sign-in promptly."},
		Entry{50089, "",
			"The sign-in flow token expired.",
			"The Microsoft sign-in page stayed open too long between Authorize and Accept.",
			"Click Authorize again in WHD: Setup > Email > Outgoing Mail Accounts > <account>, and finish the sign-in in one go."},
	)
}

// Redirect URI: the Authorize round-trip cannot come back to WHD.
func init() {
	add(
		Entry{50011, "InvalidReplyTo",
			"The redirect URI in the request does not match any redirect URI registered for the app.",
			"WHD sends https://<Server DNS Name>:<port>/helpdesk/oauth-redirect, built from Setup > General > Options; the URI registered in Azure differs in scheme, host, port, path or case, or was registered under another platform.",
			webRedirect},
		Entry{900971, "",
			"No reply address was provided in the request.",
			"The authorize request carried no redirect URI: WHD's Server DNS Name is empty, or the sign-in URL was opened by hand.",
			"Set WHD's Setup > General > Options > Server DNS Name to the name users reach WHD by, Save, and start from the Authorize button. " + webRedirect},
		Entry{500113, "",
			"No reply address is registered for the application.",
			"The app registration has no redirect URI at all (the optional Redirect URI field was left empty at registration).",
			webRedirect},
		Entry{70004, "InvalidRedirectUri",
			"The redirect URI the app sent is not valid for it.",
			"The redirect URI WHD sends does not match a registered one (see 50011).",
			webRedirect},
	)
}

// Client credentials: the client secret or the app identity is wrong.
func init() {
	add(
		Entry{7000215, "",
			"The client secret is not valid.",
			"WHD's Client Secret field holds the secret's ID (the Secret ID column) or a mistyped value instead of the secret's Value.",
			newSecret},
		Entry{7000222, "InvalidClientSecretExpiredKeysProvided",
			"The client secret has expired.",
			"Client secrets expire on the date chosen when they were created; the one stored in WHD has passed it.",
			newSecret + " Note the new expiry date and renew before it."},
		Entry{7000218, "",
			"The token request carried no client secret.",
			"WHD's Client Secret field is empty, or the secret was lost when the outgoing mail account was edited or copied.",
			newSecret},
		Entry{70002, "InvalidClient",
			"The client credentials could not be validated.",
			"The client secret does not belong to this app registration (a secret of another app, or of a deleted secret).",
			newSecret},
		Entry{700025, "InvalidClientPublicClientWithCredential",
			"The app is treated as a public client, yet WHD sent a client secret.",
			"The redirect URI is registered under 'Mobile and desktop applications', or 'Allow public client flows' is on, so Entra treats the request as coming from a public client.",
			"In " + appReg + " > Authentication, remove the URI from 'Mobile and desktop applications', add it under 'Web', set 'Allow public client flows' to No, Save; then " + lower(reauth)},
		Entry{700016, "UnauthorizedClient_DoesNotMatchRequest",
			"No application with this client ID was found in the tenant.",
			"WHD's Client ID is mistyped or from another tenant, the Tenant ID is wrong, or AzureTokenURL points at another cloud than the tenant's.",
			ids + " If the tenant is not on the global cloud: " + lower(sameCloud)},
		Entry{700011, "UnauthorizedClientAppNotFoundInOrgIdTenant",
			"The application was not found in the directory.",
			"WHD's Client ID does not name an app registered in the tenant of its Tenant ID.",
			ids},
		Entry{70001, "UnauthorizedClient",
			"The application is disabled.",
			"The WHD app's enterprise application (service principal) has sign-in disabled in this tenant.",
			"Set " + entApp + " > Properties > Enabled for users to sign in? to Yes, Save, then Re-Authorize in WHD."},
		Entry{700024, "",
			"The client assertion is outside its valid time range.",
			"Seen only with certificate credentials, not with the client secret WHD uses: the clock of the machine that signed the assertion is off.",
			"Synchronise the server clock (NTP). WHD authenticates with a client secret, so check in " + signInLogs + " (Service principal sign-ins) that the failing request really came from WHD."},
	)
}

// Tenant and cloud: the tenant is not where WHD looks for it.
func init() {
	cross := "The authority, the scope host and the Exchange URL mix clouds: for example tokens from login.microsoftonline.us with a scope on graph.microsoft.com."
	add(
		Entry{90002, "InvalidTenantName",
			"The tenant was not found.",
			"WHD's Tenant ID is mistyped, or the tenant lives in another cloud than AzureTokenURL (a GCC High or China tenant sent to login.microsoftonline.com, or the reverse).",
			ids + " " + sameCloud},
		Entry{50194, "",
			"A single-tenant app was used through the /common endpoint.",
			"WHD asked /common for a token (empty Tenant ID, or an Azure URL ending in /common) while the app is single-tenant, as the setup requires.",
			"Put the Directory (tenant) ID from " + appReg + " > Overview in WHD's Tenant ID field and keep the app single-tenant; then Re-Authorize."},
		Entry{50059, "MissingTenantRealmAndNoUserInformationProvided",
			"No tenant could be determined from the request.",
			"WHD's Tenant ID is empty, so the request names no tenant.",
			ids},
		Entry{90038, "NationalCloudTenantRedirection",
			"The tenant belongs to another national cloud.",
			"WHD's Azure URLs point at one cloud (usually the global one) while the tenant lives in another (US Government, China).",
			sameCloud},
		Entry{900439, "", "A cross-cloud request was refused.", cross, sameCloud},
		Entry{900440, "", "A cross-cloud request was refused.", cross, sameCloud},
		Entry{900382, "", "A confidential client is not supported in a cross-cloud request.", cross, sameCloud},
		Entry{900432, "", "A confidential client is not supported in a cross-cloud request.", cross, sameCloud},
	)
}

// Consent, permissions and scope.
func init() {
	add(
		Entry{65001, "DelegationDoesNotExist",
			"Nobody consented to the app's permissions for this user.",
			"Admin consent for Mail.Send and Mail.Send.Shared was never granted, and the mailbox user may not consent to apps.",
			consent},
		Entry{90094, "AdminConsentRequired",
			"The requested permissions need an administrator's consent.",
			"The tenant lets only admins consent, and admin consent for WHD's permissions has not been granted.",
			consent},
		Entry{65004, "UserDeclinedConsent",
			"The user declined the permissions prompt.",
			"Cancel was clicked on Microsoft's 'Permissions requested' page during Authorize.",
			"Click Authorize again in WHD and choose Accept, or have an admin grant consent first. " + consent},
		Entry{650052, "",
			"The app needs a service the organization has not subscribed to or has disabled.",
			"The mailbox user has no Exchange Online licence, or the service behind the requested scope is disabled in the tenant.",
			"Give the mailbox user a licence that includes Exchange Online (" + userPage + " > Licenses and apps), check AzureAuthorizationScope, then Re-Authorize in WHD."},
		Entry{650057, "",
			"The requested resource is not among the app's configured permissions.",
			"AzureAuthorizationScope asks for an API the app registration does not list (for example Office 365 Exchange Online while only Microsoft Graph was added), or names the graph host of another cloud.",
			consent + " " + scopeFix},
		Entry{650056, "",
			"The application is misconfigured: it lists no permission for the resource, or the admin has not consented.",
			"API permissions lack Mail.Send / Mail.Send.Shared on Microsoft Graph, or admin consent is missing.",
			consent},
		Entry{65005, "MisconfiguredApplication",
			"The app asked for access to a resource that its required permissions do not include.",
			"AzureAuthorizationScope names an API that is not in the app registration's API permissions.",
			consent + " " + scopeFix},
		Entry{500011, "InvalidResourceServicePrincipalNotFound",
			"The resource named in the scope was not found in the tenant.",
			"The scope host is mistyped (graph.microsoft.com) or belongs to another cloud (graph.microsoft.us in a commercial tenant).",
			scopeFix},
		Entry{50001, "InvalidResource",
			"The resource is disabled or does not exist.",
			"The scope or resource URL WHD sends names no existing API, often a typo in AzureAuthorizationScope.",
			scopeFix},
		Entry{70011, "InvalidScope",
			"The scope is not valid.",
			"AzureAuthorizationScope is malformed: a literal space split the -D argument, quotes became part of the value, '%20' was mistyped, or '/.default' is missing.",
			scopeFix},
		Entry{700022, "InvalidMultipleResourcesScope",
			"The scope names more than one resource.",
			"AzureAuthorizationScope mixes APIs, for example https://graph.microsoft.com/.default together with an outlook.office365.com scope.",
			scopeFix},
		Entry{90009, "TokenForItselfMissingIdenticalAppIdentifier",
			"The app asked for a token for itself without naming the resource by its GUID.",
			"The token or refresh request named no resource: AzureAuthorizationScope is missing or not in effect, so only offline_access (or nothing) was sent.",
			scopeFix},
		Entry{90014, "MissingRequiredField",
			"A required field is missing from the request.",
			"A value the token endpoint needs was empty: usually an empty Client ID or Tenant ID field in WHD, or a refresh token that was never stored.",
			ids},
		Entry{900144, "",
			"The request body lacks a required parameter (named in the message).",
			"WHD sent an incomplete token request: an empty Client ID, Client Secret or grant, often after the outgoing mail account was edited.",
			"Check that WHD's Setup > Email > Outgoing Mail Accounts > <account> has Tenant ID, Client ID and Client Secret filled in, Save, then Re-Authorize."},
		Entry{90015, "QueryStringTooLong",
			"The query string is too long.",
			"The authorize URL grew past Microsoft's limit: an oversized AzureAuthorizationScope, or a redirect loop that kept appending parameters.",
			scopeFix + " Close the browser tab and start again from Authorize."},
		Entry{700054, "",
			"The app asked for an ID token, which is not enabled for it.",
			"The authorize request asked for response_type id_token; WHD asks for a code, so the authorize URL was changed by hand or by a proxy.",
			"Start the sign-in from WHD's Authorize button. Only if it still fails, tick ID tokens in " + appReg + " > Authentication > Implicit grant and hybrid flows."},
	)
}

// The mailbox user, MFA and Conditional Access.
func init() {
	caFix := "Find the correlation ID in " + signInLogs + " > the failed sign-in > Conditional Access to see which policy applied; then exclude the WHD app or the mailbox user from it in " + caPolicies + ", and Re-Authorize in WHD."
	add(
		Entry{50076, "UserStrongAuthClientAuthNRequired",
			"Multi-factor authentication is required.",
			"A Conditional Access or per-user MFA rule now requires MFA for the mailbox user, and the token WHD holds was issued without it.",
			reauth + " Complete the MFA prompt."},
		Entry{50079, "UserStrongAuthEnrollmentRequired",
			"The user must register for multi-factor authentication.",
			"The mailbox account has no MFA method registered and policy now requires one (service mailboxes are often never enrolled).",
			"Sign in once as the mailbox user at https://aka.ms/mysecurityinfo and register a method, then " + lower(reauth)},
		Entry{50078, "UserStrongAuthExpired",
			"The MFA the user presented has expired under policy.",
			"The policy requires fresh MFA more often than WHD's token is renewed.",
			reauth + " Complete the MFA prompt."},
		Entry{50058, "UserInformationNotProvided",
			"No signed-in session was found for a silent sign-in.",
			"A silent (prompt=none) sign-in found no session; during Authorize it means the browser blocks login.microsoftonline.com cookies or a private window was closed.",
			"Click Authorize again in WHD (Setup > Email > Outgoing Mail Accounts > <account>) from a normal browser window that allows cookies for login.microsoftonline.com, and sign in interactively."},
		Entry{53003, "BlockedByConditionalAccess",
			"A Conditional Access policy blocked the sign-in.",
			"A policy blocks the WHD app, the mailbox user, the WHD server's location or IP address, or its client type.",
			caFix},
		Entry{53000, "DeviceNotCompliant",
			"Conditional Access requires a compliant device.",
			"A policy requires an Intune-compliant device; the browser used for Authorize, or the WHD server, is not on one.",
			"Authorize from a compliant device, or " + lower(caFix)},
		Entry{530003, "",
			"Access requires a managed device.",
			"A policy requires a managed (Intune-managed or hybrid-joined) device for the WHD app or the mailbox user.",
			"Authorize from a managed device, or " + lower(caFix)},
		Entry{530035, "BlockedBySecurityDefaults",
			"Security defaults blocked the request.",
			"The tenant's security defaults treated the request as legacy or unsafe authentication.",
			"Check the failed sign-in in " + signInLogs + "; make sure WHD uses the Exchange/Office 365 (OAuth) authentication, then Re-Authorize."},
		Entry{50126, "InvalidUserNameOrPassword",
			"The user name or password is wrong.",
			"The password typed at the Microsoft sign-in during Authorize was wrong, or the account's password changed.",
			reauth + " Use the mailbox user's current password."},
		Entry{50034, "UserAccountNotFound",
			"The account does not exist in the tenant.",
			"The sign-in used an address that is not a user of this tenant: a mail alias, a typo, or a user of another tenant.",
			"Sign in with the mailbox user's user principal name (" + userPage + " > Username). " + reauth},
		Entry{50020, "UserUnauthorized",
			"The account is external to the tenant (a personal account or another tenant's account).",
			"Authorize was completed with a personal Microsoft account or another tenant's account that the browser was already signed in with.",
			"In a private window choose 'Use another account' and sign in as the tenant's mailbox user. " + reauth},
		Entry{50057, "UserDisabled",
			"The user account is disabled.",
			"The mailbox user is blocked from signing in; shared mailboxes are created that way, so they cannot authorize WHD.",
			"Authorize as a licensed, sign-in-enabled user with Send As or Send on Behalf rights on the shared mailbox, or unblock sign-in (" + userPage + " > Block sign-in). Then Re-Authorize in WHD."},
		Entry{50055, "InvalidPasswordExpiredPassword",
			"The user's password has expired.",
			"The mailbox user's password passed its expiry date.",
			"Change the mailbox user's password, then " + lower(reauth)},
		Entry{50053, "IdsLocked",
			"The account is locked after too many failed sign-ins, or sign-in came from a suspicious IP address.",
			"Repeated wrong passwords (often an old password saved somewhere) locked the mailbox user out.",
			"Wait for the lockout to end or unlock the user, find the source of the failed sign-ins in " + signInLogs + ", then Re-Authorize in WHD."},
		Entry{50105, "EntitlementGrantsNotFound",
			"The user is not assigned to the application.",
			"'Assignment required?' is Yes for the WHD enterprise application and the mailbox user is not assigned to it.",
			"Add the mailbox user in " + entApp + " > Users and groups > Add user/group, then Re-Authorize in WHD."},
	)
}

func lower(s string) string {
	if s == "" || s[0] < 'A' || s[0] > 'Z' {
		return s
	}
	return string(s[0]+('a'-'A')) + s[1:]
}
