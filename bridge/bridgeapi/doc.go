// Package bridgeapi is the contract between the bridge and the browser: the
// query parameters of the WebSocket endpoint, the WebSocket close codes that
// say why a session ended, and the JSON of GET /api/targets and GET
// /api/autoconfig.
//
// It has no dependencies and builds for js/wasm, so the web app imports the
// same constants that the server uses instead of copying numbers.
//
// # The relay endpoint
//
// GET /ws?target=NAME upgrades to a WebSocket (RFC 6455) that carries the
// raw bytes of one TCP connection to the operator's target NAME, in binary
// messages, both ways. Text messages are refused (CodeBinaryOnly). A client
// only names a target; it never supplies an address for a configured target.
//
// When the operator enabled custom servers, a client may instead ask for
// GET /ws?target=custom&host=HOST&port=PORT. The bridge resolves HOST itself,
// refuses it unless every address is public unicast and PORT is one of the
// allowed ports, and dials the address it vetted.
//
// A target that can send names its submission server (Target.Submission).
// GET /ws?target=NAME&service=submission reaches that server under the same
// origin check, limits and logging; for a custom target the client gives
// the submission server's host and port the same way, vetted the same way
// against CustomPolicy.SubmissionPorts.
//
// # Address lookups
//
// GET /api/autoconfig?address=ADDRESS (PathAutoconfig, ParamAddress) finds
// the POP3 and submission servers of an e-mail address, which the page
// then reaches as a custom target: an Autoconfig (200) or an
// AutoconfigRefusal (400, 403, 404, 429) whose reason and problems the
// page turns into sentences.
//
// # Endings
//
// When the mail server closes its side, every byte it sent is delivered
// before the bridge closes the WebSocket with StatusNormalClosure (1000).
// Every other ending carries one of the codes below and a short,
// constant reason.
package bridgeapi
