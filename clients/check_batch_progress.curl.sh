# Check progress using tracking_id
curl -X GET "http://127.0.0.1:8080/batch_progress?tracking_id=0x3b408d0583992b85f049048189ae6242c959d44651e697d288837b2f376c7cf0" \
  -H "Authorization: Bearer check-examples-token"

# Check progress for multiple supply shed tracking IDs
curl -X GET "http://127.0.0.1:8080/batch_progress?tracking_ids=0xc265ca03326f9235beafbb1d7c75cfab51ed558bd6c299c2a89eee783d7de27e&tracking_ids=0x99e526083926e176a854baf8c5fc2ac56ce3eb7fa40e5ab83c7cc62ddc0d95c8" \
  -H "Authorization: Bearer check-examples-token"
