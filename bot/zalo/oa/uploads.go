package oa

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"path"
	"strings"
	"time"

	"treembot/bot/chatmsg"
	"treembot/bot/zalo/internal/core"
)

// oaDocuments are the file types the OA's upload accepts.
var oaDocuments = map[string]bool{".pdf": true, ".doc": true, ".docx": true}

// Upload limits: Zalo takes jpg/png images up to 1 MB and files up to
// 5 MB, 5,000 uploads a month, and keeps an upload for 7 days.
const (
	maxImageUpload = 1 << 20
	maxFileUpload  = 5 << 20
	// uploadTTL is how long an upload is reused: under Zalo's 7 days, so
	// that a reused id never points at an expired upload.
	uploadTTL = 6 * 24 * time.Hour
)

// uploaded is what Zalo gave for an upload: an image's attachment id or a
// file's token.
type uploaded struct {
	AttachmentID string `json:"attachment_id"`
	Token        string `json:"token"`
}

// upload sends a file to Zalo, or reuses the upload of the same bytes,
// and returns the message that shows it; ok is false for a type or size
// the OA does not take, or a failed upload.
func (o *API) upload(ctx context.Context, user string, f *chatmsg.File, photo bool) (message, bool) {
	name := core.FileName(f)
	endpoint, kind, limit := "/v2.0/oa/upload/file", "file", maxFileUpload
	if photo {
		endpoint, kind, limit = "/v2.0/oa/upload/image", "image", maxImageUpload
	}
	if (!photo && !oaDocuments[strings.ToLower(path.Ext(name))]) || len(f.Bytes) > limit {
		return nil, false
	}
	data, ok := o.cachedUpload(ctx, kind, f.Bytes)
	if !ok {
		err := o.Retrying(ctx, user, func(ctx context.Context) *chatmsg.SendError {
			return o.call(ctx, "zalo_oa upload "+kind, o.uploadRequest(endpoint, name, f.Bytes), &data)
		})
		if err != nil {
			o.Log.Warn("zalo: upload failed, sending a notice instead", "kind", kind, "err", err)
			return nil, false
		}
		o.keepUpload(ctx, kind, f.Bytes, data)
	}
	if photo && data.AttachmentID != "" {
		elem := map[string]string{"media_type": "image", "attachment_id": data.AttachmentID}
		return recipient(user, message{"attachment": map[string]any{"type": "template",
			"payload": map[string]any{"template_type": "media", "elements": []any{elem}}}}), true
	}
	if !photo && data.Token != "" {
		return recipient(user, message{"attachment": map[string]any{"type": "file",
			"payload": map[string]string{"token": data.Token}}}), true
	}
	return nil, false
}

// uploadKey names an upload by its kind and the hash of its bytes, in the
// session store shared by instances.
func (o *API) uploadKey(kind string, data []byte) string {
	sum := sha256.Sum256(data)
	return "zalo_oa:upload:" + o.Cfg.OAAppID + ":" + kind + ":" + hex.EncodeToString(sum[:])
}

// cachedUpload returns an earlier upload of the same bytes, if kept.
func (o *API) cachedUpload(ctx context.Context, kind string, data []byte) (uploaded, bool) {
	var u uploaded
	raw, err := o.Sess.Get(ctx, o.uploadKey(kind, data))
	if err != nil {
		if !errors.Is(err, o.Missing) {
			o.Log.Warn("zalo: upload cache unreadable, uploading again", "err", err)
		}
		return u, false
	}
	return u, json.Unmarshal(raw, &u) == nil && (u.AttachmentID != "" || u.Token != "")
}

// keepUpload remembers an upload for uploadTTL; losing it costs only
// another upload.
func (o *API) keepUpload(ctx context.Context, kind string, data []byte, u uploaded) {
	raw, _ := json.Marshal(u) // two strings cannot fail
	if err := o.Sess.Set(ctx, o.uploadKey(kind, data), raw, uploadTTL); err != nil {
		o.Log.Warn("zalo: upload not kept for reuse", "err", err)
	}
}
