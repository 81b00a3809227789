package token

import (
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/whdctl/whdctl/patcher"
)

// AuthorizeURL builds the Microsoft identity platform (v2.0) authorization
// URL that WHD's Authorize button opens: <authority><tenant>/oauth2/v2.0/authorize
// with the client ID, the redirect URI, the scope and response_type=code.
// The authority is AzureAuthorizationURL (https://login.microsoftonline.com/).
func AuthorizeURL(authority, tenant, clientID, redirectURI, scope, state string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(authority))
	if err != nil || u.Host == "" {
		return "", fmt.Errorf("authorization URL %q is not an absolute URL such as https://login.microsoftonline.com/", authority)
	}
	if !strings.EqualFold(u.Scheme, "https") && !(strings.EqualFold(u.Scheme, "http") && isLoopback(u.Hostname())) {
		return "", fmt.Errorf("authorization URL %q: want https://", authority)
	}
	if u.User != nil {
		return "", errors.New("the authorization URL must not carry credentials")
	}
	if redirectURI == "" || scope == "" {
		return "", errors.New("the redirect URI and the scope are needed")
	}
	p := strings.TrimRight(u.Path, "/")
	if !(strings.Contains(p, "/oauth2/") && strings.HasSuffix(p, "/authorize")) {
		p += "/" + url.PathEscape(tenant) + "/oauth2/v2.0/authorize"
	}
	u.Path, u.RawPath, u.Fragment = p, "", ""
	q := url.Values{}
	q.Set("client_id", clientID)
	q.Set("response_type", "code")
	q.Set("redirect_uri", redirectURI)
	q.Set("response_mode", "query")
	q.Set("scope", scope)
	if state != "" {
		q.Set("state", state)
	}
	u.RawQuery = q.Encode()
	return u.String(), nil
}

// DelegatedScope is the scope WHD asks for at sign-in: the install's
// AzureAuthorizationScope ("%20" is a space), else the cloud's
// "offline_access https://<graph>/.default".
func DelegatedScope(installScope, cloudName, authorityHost string) (string, error) {
	if installScope != "" {
		s, err := url.PathUnescape(installScope)
		if err != nil {
			s = installScope
		}
		return strings.Join(strings.Fields(s), " "), nil
	}
	var c patcher.Cloud
	var err error
	switch {
	case cloudName != "":
		c, err = patcher.CloudByName(cloudName)
		if err != nil {
			return "", err
		}
	default:
		var ok bool
		if c, ok = patcher.CloudOfHost(authorityHost); !ok {
			c, _ = patcher.CloudByName("global")
		}
	}
	return "offline_access https://" + c.GraphHost + "/.default", nil
}
